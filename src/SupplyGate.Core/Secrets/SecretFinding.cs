using SupplyGate.Core.Kernel;

namespace SupplyGate.Core.Secrets;

/// <summary>
/// One secret found in a file. It never holds the secret itself: <see cref="Redacted"/> shows at most the
/// first four characters and the length, so findings can go into logs, SARIF and SBOM reports as they are.
/// </summary>
public sealed record SecretFinding
{
    /// <summary>The detection rule's id, e.g. <c>aws-access-key-id</c> (see <see cref="BuiltInSecretRules"/>).</summary>
    public required string RuleId { get; init; }

    public required string Title { get; init; }

    public required Severity Severity { get; init; }

    /// <summary>The file, relative to the scanned root (or the image root), with <c>/</c> separators.</summary>
    public required string Path { get; init; }

    /// <summary>1-based line where the match starts (the key name, or the <c>-----BEGIN</c> line of a key).</summary>
    public required int Line { get; init; }

    /// <summary>1-based column, in characters, where the match starts.</summary>
    public required int Column { get; init; }

    /// <summary>e.g. <c>AKIA**** (20 chars)</c>; see <see cref="SecretRedaction"/>.</summary>
    public required string Redacted { get; init; }

    /// <summary>The image layer (diff id) the file came from; null for the publish directory.</summary>
    public string? Layer { get; init; }

    /// <summary><c>appsettings.Production.json:12:34</c>.</summary>
    public string Location => $"{Path}:{Line}:{Column}";
}
