package dev.dynoguardian.system;

import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Scheduled checks that several guardian instances must not run twice: ShedLock on the {@code shedlock} table. */
@Configuration(proxyBeanMethods = false)
class SchedulingConfig {

    @Bean
    LockingTaskExecutor lockingTaskExecutor(DataSource dataSource) {
        JdbcTemplateLockProvider provider = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration
                .builder().withJdbcTemplate(new JdbcTemplate(dataSource)).usingDbTime().build());
        return new DefaultLockingTaskExecutor(provider);
    }
}
