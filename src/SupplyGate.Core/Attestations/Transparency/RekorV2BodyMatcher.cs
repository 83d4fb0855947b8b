using System.Security.Cryptography;
using System.Text.Json;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Dsse;
using static SupplyGate.Core.Attestations.Transparency.TlogBodyMatcher;

namespace SupplyGate.Core.Attestations.Transparency;

/// <summary>
/// The Rekor v2 (rekor-tiles) entry kinds, <c>hashedrekord</c> and <c>dsse</c> 0.0.2: protobuf-JSON bodies with
/// base64 digests and signatures and the verifier as a DER certificate or key
/// (https://github.com/sigstore/rekor-tiles/blob/main/api/proto/rekor/v2/). A DSSE envelope may be logged as a
/// hashedrekord whose digest is the hash of the envelope's PAE (rekor-tiles client guidance, conformance
/// <c>rekor2-dsse-*</c>): the signature then covers exactly that digest.
/// </summary>
internal static class RekorV2BodyMatcher
{
    /// <summary><c>spec.hashedRekordV002</c>: <c>{data{algorithm, digest}, signature{content, verifier}}</c>.</summary>
    public static void HashedRekord(JsonElement spec, SigstoreBundle bundle, ReadOnlyMemory<byte>? artifactSha256)
    {
        JsonElement data = Member(spec, "data");
        string algorithm = Text(data, "algorithm");
        byte[] digest = Decode(Text(data, "digest"));
        JsonElement signature = Member(spec, "signature");
        byte[] logged = Decode(Text(signature, "content"));
        RequireVerifier(Member(signature, "verifier"), bundle);

        if (bundle.MessageSignature is { } message)
        {
            Require(logged.AsSpan().SequenceEqual(message.Signature.Span), "the logged signature is not the bundle's message signature");
            Require(message.DigestAlgorithm is null || message.DigestAlgorithm == algorithm, $"the logged digest is {algorithm} but the bundle's message digest is {message.DigestAlgorithm}");
            Require(digest.AsSpan().SequenceEqual(message.Digest.Span), "the logged artifact digest differs from the bundle's message digest");
            if (artifactSha256 is { } artifact)
            {
                Require(algorithm == "SHA2_256" && digest.AsSpan().SequenceEqual(artifact.Span), "the logged artifact digest differs from the digest of the artifact being verified");
            }

            return;
        }

        DsseEnvelope envelope = bundle.DsseEnvelope ?? throw TransparencyLogFailure.Mismatch("the bundle has neither a message signature nor a DSSE envelope");
        Require(envelope.Signatures.Count == 1, $"a hashedrekord entry records one signature but the envelope has {envelope.Signatures.Count}");
        Require(logged.AsSpan().SequenceEqual(envelope.Signatures[0].Signature.Span), "the logged signature is not the envelope's signature");
        byte[] pae = Pae.Encode(envelope.PayloadType, envelope.Payload.Span);
        Require(digest.AsSpan().SequenceEqual(Hash(algorithm, pae)), "the logged digest is not the hash of this envelope's PAE (payloadType and payload)");
    }

    /// <summary><c>spec.dsseV002</c>: <c>{payloadHash{algorithm, digest}, signatures[{content, verifier}]}</c>.</summary>
    public static void Dsse(JsonElement spec, SigstoreBundle bundle)
    {
        DsseEnvelope envelope = bundle.DsseEnvelope ?? throw TransparencyLogFailure.Mismatch("a dsse entry records an envelope but the bundle carries a message signature");
        JsonElement payloadHash = Member(spec, "payloadHash");
        Require(Decode(Text(payloadHash, "digest")).AsSpan().SequenceEqual(Hash(Text(payloadHash, "algorithm"), envelope.Payload.Span)), "the logged payload hash is not the hash of the envelope's payload");

        JsonElement signatures = Member(spec, "signatures");
        Require(signatures.ValueKind == JsonValueKind.Array && signatures.GetArrayLength() == envelope.Signatures.Count, "the logged envelope has a different number of signatures");
        foreach (DsseSignature own in envelope.Signatures)
        {
            JsonElement? match = signatures.EnumerateArray()
                .Cast<JsonElement?>()
                .FirstOrDefault(s => Decode(Text(s!.Value, "content")).AsSpan().SequenceEqual(own.Signature.Span));
            Require(match is not null, "the envelope's signature is not among the logged signatures");
            RequireVerifier(Member(match!.Value, "verifier"), bundle);
        }
    }

    /// <summary>The logged verifier must be the bundle's signing certificate (DER), when the bundle has one.</summary>
    private static void RequireVerifier(JsonElement verifier, SigstoreBundle bundle)
    {
        if (bundle.VerificationMaterial.Leaf is not { } leaf)
        {
            // A key-hint bundle has no key of its own to compare; the signature check binds it instead.
            return;
        }

        if (verifier.ValueKind != JsonValueKind.Object || !verifier.TryGetProperty("x509Certificate", out JsonElement certificate))
        {
            throw TransparencyLogFailure.Mismatch("the logged verifier is a public key, not the bundle's signing certificate");
        }

        Require(Decode(Text(certificate, "rawBytes")).AsSpan().SequenceEqual(leaf.Span), "the logged certificate is not the bundle's signing certificate");
    }

    private static byte[] Hash(string algorithm, ReadOnlySpan<byte> data) => algorithm switch
    {
        "SHA2_256" => SHA256.HashData(data),
        "SHA2_384" => SHA384.HashData(data),
        "SHA2_512" => SHA512.HashData(data),
        _ => throw TransparencyLogFailure.Mismatch($"the logged digest uses {algorithm}, not SHA2_256, SHA2_384 or SHA2_512"),
    };
}
