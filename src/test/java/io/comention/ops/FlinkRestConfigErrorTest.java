package io.comention.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.Json;
import org.junit.jupiter.api.Test;

/** The job's own configuration errors are picked out of Flink's wrapped REST error answers. */
class FlinkRestConfigErrorTest {

    @Test
    void findsTheJobsConfigOrKnowledgeBaseMessageInsideFlinksStackTrace() throws Exception {
        String trace = "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\n"
                + "\tat org.apache.flink.runtime.webmonitor.handlers.JarRunHandler.lambda$handleRequest$1(JarRunHandler.java:114)\n"
                + "Caused by: org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: x\n"
                + "Caused by: %s: /etc/comention.yaml: job.parallelism: must be a whole number, was string 'two'\n"
                + "\tat io.comention.config.ConfigReader.fail(ConfigReader.java:34)\n";
        var body = Json.MAPPER.createObjectNode();
        body.putArray("errors")
                .add("Internal server error.")
                .add(trace.formatted("io.comention.config.ConfigException"));
        assertThat(FlinkRest.configError(body))
                .hasValue("/etc/comention.yaml: job.parallelism: must be a whole number, was string 'two'");

        body.putArray("errors").add(trace.formatted("io.comention.tagging.KnowledgeBaseException"));
        assertThat(FlinkRest.configError(body)).isPresent();

        body.putArray("errors").add("org.apache.flink.runtime.client.JobSubmissionException: no slots");
        assertThat(FlinkRest.configError(body)).isEmpty();
    }
}
