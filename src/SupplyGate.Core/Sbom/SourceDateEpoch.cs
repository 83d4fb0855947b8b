using System.Globalization;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Sbom;

/// <summary>
/// Parses <c>SOURCE_DATE_EPOCH</c>, the reproducible-builds convention for a fixed build time.
/// Spec: https://reproducible-builds.org/specs/source-date-epoch/ ("an ASCII representation of an integer
/// with no fractional component, identical to the output format of <c>date +%s</c>").
/// </summary>
/// <remarks>The host reads the environment; this type only interprets the value, so Core stays pure.</remarks>
public static class SourceDateEpoch
{
    /// <summary>
    /// Null or empty → null (not set). A non-negative whole number of seconds → that instant in UTC.
    /// Anything else → <see cref="InvalidInputException"/> with <see cref="DiagnosticCode.InvalidConfiguration"/>.
    /// </summary>
    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        // NumberStyles.None: digits only, so signs, spaces, decimals and exponents are all rejected.
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        throw new InvalidInputException(
            DiagnosticCode.InvalidConfiguration,
            $"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, got '{value}'");
    }
}
