using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Trust;

/// <summary>
/// The EKU step, as sigstore-go (cosign) applies it with <c>x509.VerifyOptions{KeyUsages: CodeSigning}</c>
/// (docs/architecture.md spec 0.4): the leaf must carry id-kp-codeSigning, and every other certificate on the path that has
/// an EKU extension must allow it (or anyExtendedKeyUsage). sigstore-js does not check this; cosign does, so
/// a bundle that passes here passes both.
/// </summary>
public static class CodeSigningUsageCheck
{
    public const string CodeSigningOid = "1.3.6.1.5.5.7.3.3";
    public const string TimeStampingOid = "1.3.6.1.5.5.7.3.8";
    private const string AnyExtendedKeyUsageOid = "2.5.29.37.0";

    public static void Verify(VerifiedChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        for (int i = 0; i < chain.Path.Count; i++)
        {
            using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(chain.Path[i].Span);
            IReadOnlyList<string>? usages = ExtendedKeyUsages(certificate);
            bool isLeaf = i == 0;
            if (usages is null)
            {
                if (isLeaf)
                {
                    throw Fail($"The signing certificate '{certificate.Subject}' has no extended key usage; it needs codeSigning ({CodeSigningOid}).");
                }

                continue;
            }

            bool allowed = usages.Contains(CodeSigningOid) || (!isLeaf && usages.Contains(AnyExtendedKeyUsageOid));
            if (!allowed)
            {
                string role = isLeaf ? "signing certificate" : "issuing certificate";
                throw Fail($"The {role} '{certificate.Subject}' does not allow codeSigning ({CodeSigningOid}); its EKU is {string.Join(", ", usages)}.");
            }
        }
    }

    /// <summary>The EKU OIDs of <paramref name="certificate"/>, or null if it has no EKU extension.</summary>
    public static IReadOnlyList<string>? ExtendedKeyUsages(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        X509EnhancedKeyUsageExtension? extension = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        return extension?.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value ?? "").ToList();
    }

    private static VerificationFailedException Fail(string message) =>
        new(DiagnosticCode.CertificateUsageInvalid, VerificationCheck.CodeSigningUsage, message);
}
