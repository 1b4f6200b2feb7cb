package io.comention.cli;

import io.comention.model.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads every duration option ({@code 90s}, {@code 5m}, {@code 2h}, {@code 7d}) the way the configuration
 * file reads durations, so one spelling works everywhere; picocli names the option in the error.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code value}, or a user error naming {@code option} when it is zero or negative. */
    static Duration positive(String option, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new ComentionCli.UserError(option + " must be above zero");
        }
        return value;
    }
}
