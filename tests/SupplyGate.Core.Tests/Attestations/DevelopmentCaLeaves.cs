using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Attestations.Signing;

namespace SupplyGate.Core.Tests.Attestations;

/// <summary>More code-signing leaves from a development CA's intermediate: a second identity, an expired leaf, one without codeSigning.</summary>
internal static class DevelopmentCaLeaves
{
    /// <summary>The caller owns both returned objects. Validity is in whole seconds, as X.509 carries it.</summary>
    public static (X509Certificate2 Certificate, EcdsaSigner Key) IssueCodeSigningLeaf(
        this DevelopmentCa ca, string identity, DateTimeOffset notBefore, DateTimeOffset notAfter, bool withCodeSigningEku = true)
    {
        EcdsaSigner key = EcdsaSigner.Generate();
        X509Certificate2 certificate = DevelopmentCertificateFactory.CreateCodeSigningLeaf(
            identity, key.Key, ca.Intermediate, ca.IntermediateKey.Key, WholeSeconds(notBefore), WholeSeconds(notAfter), withCodeSigningEku);
        return (certificate, key);
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
