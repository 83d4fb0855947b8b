using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Dsse;

namespace SupplyGate.Core.Attestations.Transparency;

/// <summary>
/// Checks that a Rekor v1 entry's canonicalized body describes this bundle, as sigstore-js
/// <c>verifyTLogBody</c> and sigstore-go <c>tlog.ValidateEntry</c> do: a valid log entry for another signature
/// proves nothing about this one (conformance <c>wrong-hashedrekord-*</c>, <c>intoto-log-entry-mismatch</c>,
/// <c>dsse-mismatch-*</c>). Field layouts are Rekor's types: hashedrekord 0.0.1, dsse 0.0.1, intoto 0.0.2
/// (https://github.com/sigstore/rekor/tree/main/pkg/types), and the Rekor v2 (rekor-tiles) 0.0.2 kinds in
/// <see cref="RekorV2BodyMatcher"/>.
/// </summary>
internal static class TlogBodyMatcher
{
    /// <summary>Throws a <see cref="VerificationFailedException"/> unless the entry's body matches the bundle.</summary>
    /// <param name="entry">The (already signature-checked) log entry.</param>
    /// <param name="bundle">The bundle the entry must describe.</param>
    /// <param name="artifactSha256">The digest of the artifact being verified, for blob bundles; null to use the bundle's own messageDigest.</param>
    public static void Verify(TransparencyLogEntry entry, SigstoreBundle bundle, ReadOnlyMemory<byte>? artifactSha256)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(bundle);
        JsonElement body;
        try
        {
            using JsonDocument document = JsonDocument.Parse(entry.CanonicalizedBody);
            body = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw TransparencyLogFailure.Mismatch($"the canonicalized body is not JSON ({ex.Message})");
        }

        string kind = Text(body, "kind");
        string apiVersion = Text(body, "apiVersion");
        if (kind != entry.Kind || apiVersion != entry.KindVersion)
        {
            throw TransparencyLogFailure.Mismatch($"the body is a {kind} {apiVersion} but the entry says {entry.Kind} {entry.KindVersion}");
        }

        JsonElement spec = Member(body, "spec");
        switch ((kind, apiVersion))
        {
            case ("hashedrekord", "0.0.1"):
                HashedRekord(spec, bundle, artifactSha256);
                break;
            case ("dsse", "0.0.1"):
                Dsse(spec, bundle);
                break;
            case ("intoto", "0.0.2"):
                Intoto(spec, bundle);
                break;
            case ("hashedrekord", "0.0.2"):
                RekorV2BodyMatcher.HashedRekord(Member(spec, "hashedRekordV002"), bundle, artifactSha256);
                break;
            case ("dsse", "0.0.2"):
                RekorV2BodyMatcher.Dsse(Member(spec, "dsseV002"), bundle);
                break;
            default:
                // An entry whose body cannot be compared proves nothing about this bundle.
                throw TransparencyLogFailure.Mismatch($"entries of kind {kind} {apiVersion} cannot be matched to a bundle (hashedrekord 0.0.1 and 0.0.2, dsse 0.0.1 and 0.0.2, intoto 0.0.2 can)");
        }
    }

    private static void HashedRekord(JsonElement spec, SigstoreBundle bundle, ReadOnlyMemory<byte>? artifactSha256)
    {
        MessageSignature message = bundle.MessageSignature ?? throw TransparencyLogFailure.Mismatch("a hashedrekord entry records a blob signature but the bundle carries a DSSE envelope");
        JsonElement signature = Member(spec, "signature");
        Require(Decode(Text(signature, "content")).AsSpan().SequenceEqual(message.Signature.Span), "the logged signature is not the bundle's message signature");
        RequireKey(Text(Member(signature, "publicKey"), "content"), bundle);

        JsonElement hash = Member(Member(spec, "data"), "hash");
        Require(Text(hash, "algorithm") == "sha256", "the logged artifact hash is not sha256");
        byte[] logged = Hex(Text(hash, "value"));
        Require(logged.AsSpan().SequenceEqual(message.Digest.Span), "the logged artifact digest differs from the bundle's message digest");
        if (artifactSha256 is { } artifact)
        {
            Require(logged.AsSpan().SequenceEqual(artifact.Span), "the logged artifact digest differs from the digest of the artifact being verified");
        }
    }

    private static void Dsse(JsonElement spec, SigstoreBundle bundle)
    {
        DsseEnvelope envelope = bundle.DsseEnvelope ?? throw TransparencyLogFailure.Mismatch("a dsse entry records an envelope but the bundle carries a message signature");
        JsonElement payloadHash = Member(spec, "payloadHash");
        Require(Text(payloadHash, "algorithm") == "sha256", "the logged payload hash is not sha256");
        Require(Hex(Text(payloadHash, "value")).AsSpan().SequenceEqual(SHA256.HashData(envelope.Payload.Span)), "the logged payload hash is not the hash of the envelope's payload");

        // envelopeHash covers the envelope as it was submitted, whose JSON spelling the bundle does not keep, so
        // (like sigstore-js and sigstore-go) the signatures and payload hash are what bind the entry to the bundle.
        JsonElement signatures = Member(spec, "signatures");
        Require(signatures.ValueKind == JsonValueKind.Array && signatures.GetArrayLength() == envelope.Signatures.Count, "the logged envelope has a different number of signatures");
        foreach (DsseSignature own in envelope.Signatures)
        {
            JsonElement? match = signatures.EnumerateArray()
                .Cast<JsonElement?>()
                .FirstOrDefault(s => Decode(Text(s!.Value, "signature")).AsSpan().SequenceEqual(own.Signature.Span));
            Require(match is not null, "the envelope's signature is not among the logged signatures");
            RequireKey(Text(match!.Value, "verifier"), bundle);
        }
    }

    private static void Intoto(JsonElement spec, SigstoreBundle bundle)
    {
        DsseEnvelope envelope = bundle.DsseEnvelope ?? throw TransparencyLogFailure.Mismatch("an intoto entry records an envelope but the bundle carries a message signature");
        JsonElement content = Member(spec, "content");
        JsonElement payloadHash = Member(content, "payloadHash");
        Require(Text(payloadHash, "algorithm") == "sha256", "the logged payload hash is not sha256");
        Require(Hex(Text(payloadHash, "value")).AsSpan().SequenceEqual(SHA256.HashData(envelope.Payload.Span)), "the logged payload hash is not the hash of the envelope's payload");

        // Rekor's intoto 0.0.2 stores the envelope's base64 fields base64-encoded once more: decoding once gives the
        // envelope's own base64 text (sigstore-js verifyIntoto002TLogBody).
        JsonElement logged = Member(content, "envelope");
        Require(Text(logged, "payloadType") == envelope.PayloadType, "the logged payloadType differs from the envelope's");
        JsonElement signatures = Member(logged, "signatures");
        Require(signatures.ValueKind == JsonValueKind.Array && signatures.GetArrayLength() == envelope.Signatures.Count, "the logged envelope has a different number of signatures");
        foreach (DsseSignature own in envelope.Signatures)
        {
            string expected = Convert.ToBase64String(own.Signature.Span);
            JsonElement? match = signatures.EnumerateArray()
                .Cast<JsonElement?>()
                .FirstOrDefault(s => Encoding.UTF8.GetString(Decode(Text(s!.Value, "sig"))) == expected);
            Require(match is not null, "the envelope's signature is not among the logged signatures");
            RequireKey(Text(match!.Value, "publicKey"), bundle);
        }
    }

    /// <summary>The logged key or certificate (base64 of PEM) must be the bundle's signing certificate.</summary>
    private static void RequireKey(string base64Pem, SigstoreBundle bundle)
    {
        if (bundle.VerificationMaterial.Leaf is not { } leaf)
        {
            // A key-hint bundle has no key of its own to compare; the signature check binds it instead.
            return;
        }

        string pem = Encoding.UTF8.GetString(Decode(base64Pem));
        byte[] der;
        try
        {
            PemFields fields = PemEncoding.Find(pem);
            der = Convert.FromBase64String(pem[fields.Base64Data]);
        }
        catch (ArgumentException)
        {
            throw TransparencyLogFailure.Mismatch("the logged verifier is not PEM");
        }

        Require(der.AsSpan().SequenceEqual(leaf.Span), "the logged certificate is not the bundle's signing certificate");
    }

    internal static void Require(bool condition, string reason)
    {
        if (!condition)
        {
            throw TransparencyLogFailure.Mismatch(reason);
        }
    }

    internal static JsonElement Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value)
            ? value
            : throw TransparencyLogFailure.Mismatch($"the body has no '{name}'");

    internal static string Text(JsonElement element, string name)
    {
        JsonElement value = Member(element, name);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw TransparencyLogFailure.Mismatch($"the body's '{name}' is not a string");
        }

        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 or a lone surrogate escape: System.Text.Json refuses to transcode it.
            throw TransparencyLogFailure.Mismatch($"the body's '{name}' is not valid Unicode text");
        }
    }

    internal static byte[] Decode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw TransparencyLogFailure.Mismatch("a logged value is not base64");
        }
    }

    private static byte[] Hex(string hex)
    {
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw TransparencyLogFailure.Mismatch("a logged hash is not hex");
        }
    }
}
