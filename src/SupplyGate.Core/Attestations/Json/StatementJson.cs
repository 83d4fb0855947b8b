using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupplyGate.Core.Attestations.Json;

// Wire DTOs for in-toto statements (in-toto/attestation spec/v1/statement.md), mapped to InTotoStatement by
// InTotoStatementSerializer. Unknown members are ignored, as the spec requires of consumers.

internal sealed record StatementJson
{
    [JsonPropertyName("_type")]
    public string? Type { get; init; }

    [JsonPropertyName("subject")]
    public IReadOnlyList<SubjectJson?>? Subject { get; init; }

    [JsonPropertyName("predicateType")]
    public string? PredicateType { get; init; }

    [JsonPropertyName("predicate")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Predicate { get; init; }
}

internal sealed record SubjectJson
{
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonPropertyName("digest")]
    public IReadOnlyDictionary<string, string>? Digest { get; init; }
}
