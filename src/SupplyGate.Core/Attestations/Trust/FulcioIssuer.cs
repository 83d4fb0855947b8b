using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Trust;

/// <summary>
/// Reads the OIDC issuer Fulcio writes into signing certificates
/// (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md): 1.3.6.1.4.1.57264.1.8 holds a DER UTF8String,
/// the deprecated 1.3.6.1.4.1.57264.1.1 the raw string bytes. The newer extension wins when both are present.
/// </summary>
public static class FulcioIssuer
{
    private const string IssuerV2Oid = "1.3.6.1.4.1.57264.1.8";
    private const string IssuerV1Oid = "1.3.6.1.4.1.57264.1.1";

    public static string? Read(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.Extensions[IssuerV2Oid] is { } v2)
        {
            try
            {
                var reader = new AsnReader(v2.RawData, AsnEncodingRules.DER);
                return reader.ReadCharacterString(UniversalTagNumber.UTF8String);
            }
            catch (AsnContentException ex)
            {
                throw new VerificationFailedException(DiagnosticCode.IdentityMismatch, VerificationCheck.Identity, $"The signing certificate's OIDC issuer extension is malformed: {ex.Message}", ex);
            }
        }

        return certificate.Extensions[IssuerV1Oid] is { } v1 ? Encoding.UTF8.GetString(v1.RawData) : null;
    }
}
