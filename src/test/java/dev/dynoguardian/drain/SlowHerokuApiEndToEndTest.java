package dev.dynoguardian.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.EndToEndTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A slow Heroku API never slows the drain: while the stub holds a restart's {@code DELETE} unanswered, drain batches
 * (with more restarts in them) are still answered 204. The read timeout is long, so the guardian really waits.
 */
@TestPropertySource(properties = {
    "guardian.app=slow-api-e2e",
    "guardian.policy.max-in-flight=5",
    "guardian.policy.max-unavailable=1.0",
    "spring.http.serviceclient.heroku.read-timeout=60s"
})
class SlowHerokuApiEndToEndTest extends EndToEndTest {

    @Test
    void drainBatchesAreAnsweredWhileTheApiHoldsARestart() throws InterruptedException {
        CountDownLatch deleteArrived = new CountDownLatch(1);
        CountDownLatch answerDelete = new CountDownLatch(1);
        heroku.script(app, request -> {
            if ("DELETE".equals(request.getMethod())) {
                deleteArrived.countDown();
                awaitQuietly(answerDelete);
            }
            return null;
        });
        try {
            CompletableFuture<Integer> first = postAsync("web.1");
            assertThat(deleteArrived.await(10, TimeUnit.SECONDS)).as("the DELETE of web.1 reached the API").isTrue();

            List<CompletableFuture<Integer>> meanwhile = IntStream.rangeClosed(2, 5)
                    .mapToObj(i -> postAsync("web." + i)).toList();

            await().atMost(Duration.ofSeconds(10)).until(() -> first.isDone()
                    && meanwhile.stream().allMatch(CompletableFuture::isDone));
            assertThat(first.join()).isEqualTo(204);
            assertThat(meanwhile).allSatisfy(post -> assertThat(post.join()).isEqualTo(204));
            assertThat(outcomeOf("web.1")).as("the DELETE is still unanswered").isEqualTo("pending");
        } finally {
            answerDelete.countDown();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(outcomeOf("web.1"))
                .isEqualTo("restarted"));
    }

    private CompletableFuture<Integer> postAsync(String dyno) {
        return CompletableFuture.supplyAsync(() -> drain().post(body().memory(dyno, UUID.randomUUID().toString(),
                768, 512)));
    }

    private String outcomeOf(String dyno) {
        for (JsonNode row : admin().getJson("/admin/restarts?app=" + app + "&limit=100")) {
            if (row.path("dyno").asString().equals(dyno)) {
                return row.path("outcome").asString();
            }
        }
        return "";
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
