package io.comention.kafka;

import io.comention.config.ComentionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates comention's topics when they are missing: the counts topic compacted, the others deleted by age. */
public final class TopicAdmin {

    private TopicAdmin() {}

    /** Creates the missing topics with {@code partitions} partitions and replication factor {@code replication}. */
    public static List<String> ensureTopics(
            Properties clientProps, ComentionConfig.Topics topics, int partitions, short replication)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(clientProps)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : topics.all()) {
                if (existing.contains(name)) {
                    continue;
                }
                NewTopic topic = new NewTopic(name, partitions, replication);
                if (name.equals(topics.counts())) {
                    topic.configs(Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"));
                } else if (name.equals(topics.control())) {
                    topic.configs(Map.of("cleanup.policy", "compact"));
                } else {
                    topic.configs(Map.of("retention.ms", Long.toString(7L * 24 * 3600 * 1000)));
                }
                missing.add(topic);
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        }
    }
}
