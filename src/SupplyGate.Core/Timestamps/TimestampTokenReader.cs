using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace SupplyGate.Core.Timestamps;

/// <summary>Turns the platform's token types into <see cref="TimestampTokenInfo"/>.</summary>
internal static class TimestampTokenReader
{
    public static TimestampTokenInfo Describe(Rfc3161TimestampToken token) =>
        Describe(token.TokenInfo, token.AsSignedCms().SignerInfos[0].Certificate);

    public static TimestampTokenInfo Describe(Rfc3161TimestampTokenInfo info, X509Certificate2? signerCertificate) =>
        new(
            info.Timestamp,
            Convert.ToHexString(info.GetSerialNumber().Span),
            info.PolicyId.Value ?? string.Empty,
            info.HashAlgorithmId.Value ?? string.Empty,
            info.GetMessageHash().ToArray(),
            signerCertificate);
}
