using System.Security.Cryptography.X509Certificates;

namespace SupplyGate.Core.Timestamps;

/// <summary>
/// What a timestamp token says (RFC 3161 §2.4.2 <c>TSTInfo</c>), plus the TSA certificate when the token
/// carries it. Nothing here is trusted until <see cref="TimestampVerifier"/> has checked it.
/// </summary>
/// <param name="GenTime">When the TSA says it saw the imprint.</param>
/// <param name="SerialNumber">The TSA's serial number for this token, big-endian hex (upper case).</param>
/// <param name="PolicyId">The TSA policy OID.</param>
/// <param name="HashAlgorithmId">The messageImprint hash algorithm OID.</param>
/// <param name="MessageImprint">The messageImprint hash value.</param>
/// <param name="TsaCertificate">The signer certificate embedded in the token (certReq was true), if any.</param>
public sealed record TimestampTokenInfo(
    DateTimeOffset GenTime,
    string SerialNumber,
    string PolicyId,
    string HashAlgorithmId,
    ReadOnlyMemory<byte> MessageImprint,
    X509Certificate2? TsaCertificate);

/// <summary>
/// A TSA's answer as it must be stored: <paramref name="Der"/> is the FULL DER <c>TimeStampResp</c> (PKIStatusInfo
/// + token), which is what Sigstore bundles' <c>signedTimestamp</c> holds (docs/architecture.md spec 0.6); a bare
/// <c>TimeStampToken</c> would be rejected by sigstore-js.
/// </summary>
public sealed record TimestampResponse(byte[] Der, TimestampTokenInfo Info);

/// <summary>A timestamp that passed every check of <see cref="TimestampVerifier"/>.</summary>
/// <param name="GenTime">The verified time: use it to check the signing certificate's validity.</param>
/// <param name="Info">The token's contents.</param>
/// <param name="Authority">The trusted TSA that signed it.</param>
/// <param name="WasBareToken">
/// The input was a bare <c>TimeStampToken</c> rather than a <c>TimeStampResp</c>. It verifies the same (the status
/// wrapper is unsigned), but a writer must never produce it: sigstore-js rejects it.
/// </param>
internal sealed record VerifiedTimestamp(
    DateTimeOffset GenTime,
    TimestampTokenInfo Info,
    TimestampAuthority Authority,
    bool WasBareToken);
