package io.comention.tagging;

import java.io.Serializable;

/**
 * How the job uses the gazetteer (configuration {@code tagging.places}).
 *
 * @param enabled       load the gazetteer and tag places at all
 * @param minPopulation places with fewer people are not loaded (0: every place in the gazetteer)
 * @param countVia      add the countries an article names only through places ({@code "via"}), so they
 *                      take part in combinations; when false places are tagged but their countries are not added
 */
public record PlaceOptions(boolean enabled, long minPopulation, boolean countVia) implements Serializable {

    /** The defaults of {@code config/comention.yaml}: every place in the gazetteer, via-countries counted. */
    public static final PlaceOptions DEFAULT = new PlaceOptions(true, 0, true);

    /** No places: the knowledge base knows countries, organisations and people only. */
    public static final PlaceOptions OFF = new PlaceOptions(false, 0, false);

    public PlaceOptions {
        if (minPopulation < 0) {
            throw new IllegalArgumentException("minPopulation must be 0 or more, was " + minPopulation);
        }
    }
}
