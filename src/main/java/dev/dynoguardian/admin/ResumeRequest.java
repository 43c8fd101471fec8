package dev.dynoguardian.admin;

/**
 * Body of {@code POST /admin/resume}; optional.
 *
 * @param app resume only this app; without it the global pause is lifted
 */
record ResumeRequest(String app) {
}
