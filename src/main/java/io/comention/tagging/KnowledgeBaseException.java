package io.comention.tagging;

/**
 * A knowledge-base file cannot be used. The message names the file, the entry (by id, or by position
 * when the id is missing) and the field, and says how to fix it, e.g.
 * {@code config/entities/orgs.yaml: entry 'org:nato': field 'type' must be one of COUNTRY, ORGANIZATION,
 * PERSON (was 'ORG')}.
 */
public final class KnowledgeBaseException extends RuntimeException {

    public KnowledgeBaseException(String message) {
        super(message);
    }

    public KnowledgeBaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
