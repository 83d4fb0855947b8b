using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Verification;

/// <summary>
/// Steps 6 and 8 for a blob bundle: the message signature verifies over the artifact's SHA-256 (the digest of the
/// artifact being verified, never the bundle's own <c>messageDigest</c>, which is an unsigned hint), and that hint,
/// when present, agrees with the artifact: a bundle whose digest names another artifact has been altered.
/// </summary>
internal static class MessageSignatureStep
{
    public static void Verify(MessageSignature message, SignatureVerifier key, string expectedSha256)
    {
        byte[] artifact = Convert.FromHexString(expectedSha256);
        if (!key.VerifySha256Digest(artifact, message.Signature.Span))
        {
            throw new VerificationFailedException(
                DiagnosticCode.SignatureInvalid,
                VerificationCheck.Signature,
                $"The message signature does not verify over the artifact sha256:{expectedSha256} with the signer's key.");
        }

        bool sha256 = message.DigestAlgorithm is null or "SHA2_256";
        if (!sha256 || !message.Digest.Span.SequenceEqual(artifact))
        {
            throw new VerificationFailedException(
                DiagnosticCode.SubjectDigestMismatch,
                VerificationCheck.Subject,
                $"The bundle's messageDigest ({message.DigestAlgorithm ?? "SHA2_256"} {Convert.ToHexStringLower(message.Digest.Span)}) is not the artifact's sha256:{expectedSha256}.");
        }
    }
}
