package io.comention.model;

/** A tagged article on its way through near-duplicate detection, with its content fingerprint. */
public record FingerprintedArticle(TaggedArticle tagged, long[] fingerprint) {

    /** The routing key for band {@code i}: articles sharing it are compared. */
    public long band(int i) {
        return fingerprint.length == 0 ? tagged.article().id().hashCode() : fingerprint[i];
    }

    public FingerprintedArticle markedDuplicateOf(String originalId) {
        TaggedArticle t = new TaggedArticle(tagged.article(), tagged.entities(), originalId);
        return new FingerprintedArticle(t, fingerprint);
    }
}
