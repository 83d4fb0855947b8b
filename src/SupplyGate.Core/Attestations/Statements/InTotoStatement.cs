using System.Text.Json;

namespace SupplyGate.Core.Attestations.Statements;

/// <summary>
/// An in-toto Statement (docs/architecture.md spec 3; in-toto/attestation spec/v1/statement.md): what was attested
/// (<see cref="Subjects"/>, matched only by digest), what kind of claim it is (<see cref="PredicateType"/>)
/// and the claim itself as raw JSON. <see cref="Type"/> is v1 when we write; v0.1 is accepted when reading
/// because cosign attest still writes it (docs/architecture.md spec 0.7).
/// </summary>
public sealed record InTotoStatement(
    IReadOnlyList<StatementSubject> Subjects,
    string PredicateType,
    JsonElement? Predicate,
    string Type = InTotoStatement.StatementV1)
{
    /// <summary>The <c>_type</c> we write.</summary>
    public const string StatementV1 = "https://in-toto.io/Statement/v1";

    /// <summary>The legacy <c>_type</c> cosign attest writes; read, never written by us.</summary>
    public const string StatementV01 = "https://in-toto.io/Statement/v0.1";

    /// <summary>The DSSE payloadType of every in-toto statement (docs/architecture.md spec 4).</summary>
    public const string PayloadType = "application/vnd.in-toto+json";

    /// <summary>Whether any subject carries <paramref name="algorithm"/> = <paramref name="hex"/> (case-insensitive hex).</summary>
    public bool HasSubjectDigest(string algorithm, string hex) =>
        Subjects.Any(s => s.Digest.TryGetValue(algorithm, out string? value)
            && string.Equals(value, hex, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// One attested artifact: an optional name and a digest set (algorithm → lowercase hex). in-toto matches
/// subjects only by digest, so the name is informational (spec/v1/resource_descriptor.md).
/// </summary>
public sealed record StatementSubject(string? Name, IReadOnlyDictionary<string, string> Digest)
{
    /// <summary>A subject with one SHA-256 digest, given as hex or as <c>sha256:hex</c>.</summary>
    public static StatementSubject ForSha256(string? name, string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        string hex = digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest["sha256:".Length..] : digest;
        return new StatementSubject(name, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["sha256"] = hex.ToLowerInvariant(),
        });
    }
}

/// <summary>Predicate types SupplyGate writes (docs/architecture.md spec 3 table).</summary>
public static class PredicateTypes
{
    /// <summary>A CycloneDX BOM; producers also write <c>…/bom/v1.x</c>, so match with <see cref="IsCycloneDx"/>.</summary>
    public const string CycloneDx = "https://cyclonedx.org/bom";

    /// <summary>SupplyGate's gate decision (docs/attestations).</summary>
    public const string PolicyResult = "https://supplygate.dev/attestation/policy-result/v1";

    /// <summary>The in-toto CycloneDX doc uses <c>https://cyclonedx.org/bom/v1.4</c>: accept the versioned forms too.</summary>
    public static bool IsCycloneDx(string predicateType) =>
        string.Equals(predicateType, CycloneDx, StringComparison.Ordinal)
        || (predicateType?.StartsWith(CycloneDx + "/", StringComparison.Ordinal) ?? false);
}
