using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Dsse;

/// <summary>
/// The signature step: the envelope carries exactly one signature (a Sigstore bundle allows one, docs/architecture.md spec 4;
/// accepting "any of several" would let an attacker add a signature of their own) and it verifies over PAE with
/// the certificate's public key. Returns the verified payload bytes, which the caller parses as they are.
/// </summary>
public static class DsseVerifier
{
    public static ReadOnlyMemory<byte> Verify(DsseEnvelope envelope, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using SignatureVerifier key = SignatureVerifier.ForCertificate(certificate);
        return Verify(envelope, key);
    }

    public static ReadOnlyMemory<byte> Verify(DsseEnvelope envelope, SignatureVerifier key)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(key);
        if (envelope.Signatures.Count != 1)
        {
            throw new VerificationFailedException(
                DiagnosticCode.SignatureInvalid,
                VerificationCheck.Signature,
                $"The DSSE envelope carries {envelope.Signatures.Count} signatures; exactly one is required.");
        }

        byte[] pae = Pae.Encode(envelope.PayloadType, envelope.Payload.Span);
        if (!key.Verify(pae, envelope.Signatures[0].Signature.Span))
        {
            throw new VerificationFailedException(
                DiagnosticCode.SignatureInvalid,
                VerificationCheck.Signature,
                "The DSSE signature does not verify over the payload and payloadType with the signing certificate's key.");
        }

        return envelope.Payload;
    }
}
