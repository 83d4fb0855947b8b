using SupplyGate.Core.Attestations.Publishing;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// Reads <c>--sbom FILE</c> or, for an index, <c>--sbom PLATFORM=FILE</c> (repeated per platform). A value is
/// per-platform only when it starts with <c>os/arch[/variant]=</c>, so a file name containing '=' still works.
/// </summary>
internal static class PlatformFiles
{
    public static IReadOnlyList<PredicateFile> Parse(string option, string predicateType, IReadOnlyList<string> values)
    {
        var result = new List<PredicateFile>(values.Count);
        foreach (string value in values)
        {
            int equals = value.IndexOf('=', StringComparison.Ordinal);
            result.Add(equals > 0 && equals < value.Length - 1 && Platform.TryParse(value[..equals], out _)
                ? new PredicateFile(predicateType, value[(equals + 1)..], value[..equals])
                : new PredicateFile(predicateType, value));
        }

        int plain = result.Count(p => p.Platform is null);
        if (plain > 1 || (plain == 1 && result.Count > 1))
        {
            throw new InvalidInputException(
                DiagnosticCode.PlatformArgumentInvalid,
                $"{option} is given {result.Count} times: give one file for a single image, or PLATFORM=FILE for each platform of an index (e.g. {option} linux/arm64=FILE)");
        }

        string? twice = result.Where(p => p.Platform is not null).GroupBy(p => p.Platform, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1)?.Key;
        return twice is null
            ? result
            : throw new InvalidInputException(DiagnosticCode.PlatformArgumentInvalid, $"{option} names platform {twice} twice");
    }
}
