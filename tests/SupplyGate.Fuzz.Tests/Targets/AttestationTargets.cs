using System.Text;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Dsse;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Transparency;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Timestamps;
using static SupplyGate.Fuzz.Tests.Targets.SbomTargets;

namespace SupplyGate.Fuzz.Tests.Targets;

/// <summary>Sigstore bundles, trusted roots, DSSE, in-toto statements, RFC 3161 responses, Rekor entries and checkpoints.</summary>
internal static class AttestationTargets
{
    private static readonly IReadOnlyList<byte[]> BundleTokens = Tokens("\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"", "\"tlogEntries\":", "\"inclusionProof\":", "\"checkpoint\":", "\"logIndex\":", "\"certificate\":", "\"rawBytes\":", "\"dsseEnvelope\":", "\"messageSignature\":", "\"signatures\":", "\"AAAA\"", "\"====\"", "\"-_\"");

    public static IEnumerable<FuzzTarget> All()
    {
        yield return new FuzzTarget("bundle", BundleRoundTrip)
        { CiIterations = 3000, Dictionary = BundleTokens };
        yield return new FuzzTarget("trusted-root", input =>
        {
            byte[] written = TrustedRootWriter.Write(TrustedRootReader.Read(input));
            Assert.Equal(Encoding.UTF8.GetString(written), Encoding.UTF8.GetString(TrustedRootWriter.Write(TrustedRootReader.Read(written))));
        })
        {
            CiIterations = 3000,
            Dictionary = Tokens("\"validFor\":", "\"start\":\"2021-01-01T00:00:00Z\"", "\"end\":", "\"publicKey\":", "\"keyDetails\":\"PKIX_ECDSA_P256_SHA_256\"", "\"certChain\":", "\"tlogs\":", "\"ctlogs\":", "\"timestampAuthorities\":"),
        };
        yield return new FuzzTarget("dsse", input =>
        {
            DsseEnvelope envelope = DsseEnvelopeSerializer.Read(input);
            byte[] written = DsseEnvelopeSerializer.Write(envelope);
            DsseEnvelope again = DsseEnvelopeSerializer.Read(written);
            Assert.Equal(envelope.PayloadType, again.PayloadType);
            Assert.Equal(envelope.Payload.ToArray(), again.Payload.ToArray());
            Assert.Equal(envelope.Signatures.Select(s => (Convert.ToBase64String(s.Signature.Span), s.KeyId)), again.Signatures.Select(s => (Convert.ToBase64String(s.Signature.Span), s.KeyId)));
            Assert.Equal(written, DsseEnvelopeSerializer.Write(again));
            _ = Pae.Encode(envelope.PayloadType, envelope.Payload.Span);
        })
        { Dictionary = Tokens("\"payloadType\":", "\"payload\":", "\"signatures\":", "\"sig\":", "\"keyid\":", "\"application/vnd.in-toto+json\"") };
        yield return new FuzzTarget("intoto", input =>
        {
            // The legacy v0.1 _type is read, never written: the round trip is of the v1 form.
            InTotoStatement statement = InTotoStatementSerializer.Read(input);
            byte[] written = InTotoStatementSerializer.Write(statement with { Type = InTotoStatement.StatementV1 });
            Assert.Equal(written, InTotoStatementSerializer.Write(InTotoStatementSerializer.Read(written)));
        })
        { Dictionary = Tokens("\"_type\":\"https://in-toto.io/Statement/v1\"", "\"subject\":", "\"digest\":", "\"sha256\":", "\"predicateType\":", "\"predicate\":") };
        yield return new FuzzTarget("timestamp", VerifyTimestamp) { CiIterations = 4000 };
        yield return new FuzzTarget("checkpoint", input =>
        {
            try
            {
                _ = SignedCheckpoint.Parse(Encoding.UTF8.GetString(input));
            }
            catch (FormatException ex)
            {
                // What CheckpointVerifier does with it: a coded transparency-log failure.
                throw TransparencyLogFailure.Invalid($"the checkpoint is malformed: {ex.Message}");
            }
        })
        { CiIterations = 15000, Dictionary = Tokens("\n\n", "\u2014 ", "rekor.sigstore.dev - 1193050959916656506\n", "18446744073709551616\n") };
        yield return new FuzzTarget("rekor-body", VerifyRekorBody)
        {
            Dictionary = Tokens("\"kind\":\"dsse\"", "\"kind\":\"hashedrekord\"", "\"apiVersion\":\"0.0.1\"", "\"spec\":", "\"verifiers\":", "\"envelopeHash\":", "\"payloadHash\":", "\"algorithm\":\"sha256\"", "\"value\":"),
        };
        yield return new FuzzTarget("bundle-verify", VerifyBundle) { CiIterations = 1500, Dictionary = BundleTokens };
    }

    /// <summary>
    /// Read, then write what the writer covers (certificate + DSSE, the form SupplyGate signs; tlog entries are
    /// dropped) and read that back: the second write equals the first.
    /// </summary>
    private static void BundleRoundTrip(byte[] input)
    {
        SigstoreBundle bundle = SigstoreBundleReader.Read(input);
        if (bundle.DsseEnvelope is null || bundle.VerificationMaterial.Leaf is null)
        {
            return;
        }

        byte[] written = SigstoreBundleWriter.Write(bundle with { VerificationMaterial = bundle.VerificationMaterial with { TlogEntries = [] } });
        SigstoreBundle again = SigstoreBundleReader.Read(written);
        Assert.Equal(bundle.DsseEnvelope.Payload.ToArray(), again.DsseEnvelope!.Payload.ToArray());
        Assert.Equal(Encoding.UTF8.GetString(written), Encoding.UTF8.GetString(SigstoreBundleWriter.Write(again)));
    }

    /// <summary>The DER TimeStampResp through the verifier, against the TSA of a real trusted root.</summary>
    private static void VerifyTimestamp(byte[] input)
    {
        _ = new TimestampVerifier(VerificationFixture.Authorities.Value).Verify(input, VerificationFixture.Signature.Value);
    }

    /// <summary>The entry's canonicalized body replaced by the input, matched against the rest of a genuine bundle.</summary>
    private static void VerifyRekorBody(byte[] input)
    {
        SigstoreBundle bundle = VerificationFixture.Bundle.Value;
        TransparencyLogEntry entry = bundle.VerificationMaterial.TlogEntries[0] with { CanonicalizedBody = input };
        TlogBodyMatcher.Verify(entry, bundle, null);
    }

    /// <summary>The whole verifier promises never to throw for bad or tampered input: a coded failure is a result, not an exception.</summary>
    private static void VerifyBundle(byte[] input)
    {
        BundleVerification result = new BundleVerifier(TimeProvider.System).Verify(input, VerificationFixture.Policy.Value);
        Assert.NotNull(result);
    }
}
