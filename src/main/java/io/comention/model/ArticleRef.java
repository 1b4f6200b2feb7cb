package io.comention.model;

/** Enough of an article to show it as a sample headline in an alert. */
public record ArticleRef(String id, String title, String url, String source) {

    public static ArticleRef of(Article a) {
        return new ArticleRef(a.id(), a.title(), a.url(), a.source());
    }
}
