using System.Globalization;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.IO;

/// <summary>What a user-supplied input file is, which decides how large it may be (docs/limits.md).</summary>
public enum InputKind
{
    /// <summary>A CycloneDX SBOM or VDR.</summary>
    Sbom,

    /// <summary>project.assets.json, *.deps.json, *.runtimeconfig.json, .nuspec, solution files.</summary>
    Project,

    /// <summary>A policy YAML document.</summary>
    Policy,

    /// <summary>An OpenVEX or CycloneDX VEX document.</summary>
    Vex,

    /// <summary>One advisory source file (OSV JSON or JSON lines, secdb, tracker, releases), or one member of a .zip.</summary>
    AdvisorySource,

    /// <summary>A .zip of advisory records (the archive file itself).</summary>
    AdvisoryArchive,

    /// <summary>Sigstore bundles, trusted roots, keys, certificates, OCI layout documents.</summary>
    Trust,
}

/// <summary>
/// Size limits for everything SupplyGate reads from a user: the bytes of one input file per
/// <see cref="InputKind"/>, the bytes of one JSON string, and the inflated size and compression ratio of one
/// .zip member. The defaults are far above real inputs and far below what exhausts a CI runner; hosts raise
/// them from <c>SUPPLYGATE_MAX_INPUT_MB</c> / <c>SUPPLYGATE_MAX_JSON_STRING_MB</c> (docs/limits.md).
/// </summary>
public sealed record InputLimits
{
    public const string MaxInputVariable = "SUPPLYGATE_MAX_INPUT_MB";

    public const string MaxJsonStringVariable = "SUPPLYGATE_MAX_JSON_STRING_MB";

    private const long MiB = 1024 * 1024;

    private static readonly AsyncLocal<InputLimits?> Scoped = new();

    public static InputLimits Default { get; } = new();

    /// <summary>The limits in force for this flow of execution: a host's <see cref="Use"/> scope, else the defaults.</summary>
    public static InputLimits Current => Scoped.Value ?? Default;

    public long SbomBytes { get; init; } = 256 * MiB;

    public long ProjectBytes { get; init; } = 256 * MiB;

    public long PolicyBytes { get; init; } = 4 * MiB;

    public long VexBytes { get; init; } = 64 * MiB;

    public long AdvisorySourceBytes { get; init; } = 1024 * MiB;

    public long AdvisoryArchiveBytes { get; init; } = 4096 * MiB;

    public long TrustBytes { get; init; } = 16 * MiB;

    /// <summary>The longest JSON string value or member name (UTF-8 bytes as written, escapes included).</summary>
    public long JsonStringBytes { get; init; } = 16 * MiB;

    /// <summary>Largest inflated .zip member; larger ones are refused while inflating, not after.</summary>
    public long ZipMemberBytes { get; init; } = 1024 * MiB;

    /// <summary>Largest inflated/compressed ratio of a .zip member, checked once it has inflated past 16 MiB.</summary>
    public double ZipMaxCompressionRatio { get; init; } = 100;

    /// <summary>
    /// The longest line of a JSON-lines advisory file (one record): four times the string limit, at least
    /// 64 MiB, at most the file limit. Real OSV records are a few KiB.
    /// </summary>
    public long JsonLineBytes => Math.Min(AdvisorySourceBytes, Math.Max(64 * MiB, 4 * JsonStringBytes));

    public long For(InputKind kind) => kind switch
    {
        InputKind.Sbom => SbomBytes,
        InputKind.Project => ProjectBytes,
        InputKind.Policy => PolicyBytes,
        InputKind.Vex => VexBytes,
        InputKind.AdvisorySource => AdvisorySourceBytes,
        InputKind.AdvisoryArchive => AdvisoryArchiveBytes,
        _ => TrustBytes,
    };

    /// <summary>
    /// The defaults, with every file limit replaced by <c>SUPPLYGATE_MAX_INPUT_MB</c> and the string limit by
    /// <c>SUPPLYGATE_MAX_JSON_STRING_MB</c> when set. A value that is not a positive whole number is SG2002.
    /// </summary>
    public static InputLimits FromEnvironment(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        InputLimits limits = Default;
        if (Megabytes(environment, MaxInputVariable) is { } input)
        {
            limits = limits with
            {
                SbomBytes = input,
                ProjectBytes = input,
                PolicyBytes = input,
                VexBytes = input,
                AdvisorySourceBytes = input,
                AdvisoryArchiveBytes = input,
                TrustBytes = input,
                ZipMemberBytes = input,
            };
        }

        return Megabytes(environment, MaxJsonStringVariable) is { } text ? limits with { JsonStringBytes = text } : limits;
    }

    /// <summary>Makes <paramref name="limits"/> <see cref="Current"/> until the returned scope is disposed.</summary>
    public static IDisposable Use(InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        InputLimits? previous = Scoped.Value;
        Scoped.Value = limits;
        return new Restore(previous);
    }

    /// <summary>A human size for messages: "256 MiB", "1.5 KiB", "12 bytes".</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= MiB => (bytes / (double)MiB).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
        >= 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };

    private static long? Megabytes(IEnvironment environment, string variable)
    {
        string? value = environment.GetVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // Past 1 TiB a limit protects nothing; also keeps the multiplication from overflowing.
        return long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long mb) && mb is > 0 and <= 1024 * 1024
            ? mb * MiB
            : throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"{variable}='{value}': expected a whole number of MiB between 1 and 1048576.");
    }

    private sealed class Restore(InputLimits? previous) : IDisposable
    {
        public void Dispose() => Scoped.Value = previous;
    }
}
