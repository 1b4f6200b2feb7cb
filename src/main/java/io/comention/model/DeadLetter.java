package io.comention.model;

import java.time.Instant;

/** A record that could not be processed, with why: the value of {@code news.deadletter}. */
public record DeadLetter(RawRecord record, ErrorKind errorKind, String reason, Instant failedAt) {

    /** Why a record was rejected; the name travels in the {@code comention.error.class} header. */
    public enum ErrorKind {
        EMPTY_RECORD,
        TOO_LARGE,
        INVALID_UTF8,
        INVALID_JSON,
        NOT_AN_OBJECT,
        WRONG_TYPE,
        NO_TEXT,
        INVALID_CONTROL
    }
}
