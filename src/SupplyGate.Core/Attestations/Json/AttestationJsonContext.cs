using System.Text.Json.Serialization;

namespace SupplyGate.Core.Attestations.Json;

/// <summary>
/// Source-generated JSON for every attestation wire format. Nulls are omitted on write: protobuf JSON oneofs
/// and optional members must be absent, not null (docs/architecture.md spec 5).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(StatementJson))]
[JsonSerializable(typeof(DsseEnvelopeJson))]
[JsonSerializable(typeof(BundleJson))]
[JsonSerializable(typeof(TrustedRootJson))]
internal sealed partial class AttestationJsonContext : JsonSerializerContext;
