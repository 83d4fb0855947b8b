using System.Security.Cryptography;
using SupplyGate.Core.Timestamps;
using SupplyGate.DevTsa;

namespace SupplyGate.Core.Tests.Timestamps;

[Trait("Category", "unit")]
public sealed class TimestampVerifierTests : IDisposable
{
    private readonly TestTsaPki _pki = TestTsaPki.Create("Verifier");
    private readonly DevTimestampAuthority _tsa;
    private readonly byte[] _signature = RandomNumberGenerator.GetBytes(71);

    public TimestampVerifierTests()
    {
        _tsa = new DevTimestampAuthority(_pki.Tsa, TimeProvider.System);
    }

    public void Dispose() => _pki.Dispose();

    private static TimestampVerifier Trusting(params TimestampAuthority[] authorities) => new(authorities);

    private static TimestampException Fails(string code, Action verify)
    {
        TimestampException e = Assert.Throws<TimestampException>(verify);
        Assert.True(code == e.Code, $"expected {code}, got {e.Code}: {e.Message}");
        return e;
    }

    [Fact]
    public void DevTsaResponse_Verifies_AndReturnsGenTime()
    {
        byte[] response = TimestampTestData.Stamp(_tsa, _signature);

        VerifiedTimestamp verified = Trusting(_pki.Authority()).Verify(response, _signature);

        Assert.InRange(verified.GenTime, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.False(verified.WasBareToken);
        Assert.Equal(DevTimestampAuthority.DefaultPolicyOid, verified.Info.PolicyId);
        Assert.Equal(_pki.Tsa.RawData, verified.Info.TsaCertificate!.RawData);
        Assert.Equal(SHA256.HashData(_signature), verified.Info.MessageImprint.ToArray());
    }

    [Fact]
    public void TokenWithoutEmbeddedCertificate_IsMatchedToTheTrustedLeaf()
    {
        byte[] response = TimestampTestData.Stamp(_tsa, _signature, certReq: false);

        VerifiedTimestamp verified = Trusting(_pki.Authority()).Verify(response, _signature);

        Assert.Equal(_pki.Tsa.RawData, verified.Info.TsaCertificate!.RawData);
    }

    [Fact]
    public void ImprintOverOtherBytes_IsSG5102()
    {
        byte[] response = TimestampTestData.Stamp(_tsa, RandomNumberGenerator.GetBytes(71));

        Fails("SG5102", () => Trusting(_pki.Authority()).Verify(response, _signature));
    }

    [Fact]
    public void TsaNotInTheTrustedSet_IsSG5103()
    {
        using var other = TestTsaPki.Create("Other");
        byte[] response = TimestampTestData.Stamp(_tsa, _signature);

        Fails("SG5103", () => Trusting(other.Authority()).Verify(response, _signature));
        Fails("SG5103", () => Trusting().Verify(response, _signature));
    }

    [Fact]
    public void TsaNotTrusted_AndCertificateNotEmbedded_IsSG5103()
    {
        using var other = TestTsaPki.Create("Other");
        byte[] response = TimestampTestData.Stamp(_tsa, _signature, certReq: false);

        TimestampException e = Fails("SG5103", () => Trusting(other.Authority()).Verify(response, _signature));
        Assert.Contains("neither embedded", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameRootButAnotherLeaf_IsSG5103()
    {
        // The trusted root's certChain[0] is THE signing certificate; a sibling under the same anchor is not trusted.
        byte[] response = TimestampTestData.Stamp(_tsa, _signature);
        using var other = TestTsaPki.Create("Sibling");
        var authority = new TimestampAuthority([other.TsaPublic, _pki.Root]);

        Fails("SG5103", () => Trusting(authority).Verify(response, _signature));
    }

    [Fact]
    public void TsaCertificateExpiredAtGenTime_IsSG5103()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using var expired = TestTsaPki.Create("Expired", leafNotBefore: now.AddDays(-10), leafNotAfter: now.AddDays(-1));
        byte[] response = TimestampTestData.Stamp(new DevTimestampAuthority(expired.Tsa, TimeProvider.System), _signature);

        TimestampException e = Fails("SG5103", () => Trusting(expired.Authority()).Verify(response, _signature));
        Assert.Contains("NotTimeValid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GenTimeOutsideValidFor_IsSG5109()
    {
        byte[] response = TimestampTestData.Stamp(_tsa, _signature);
        TimestampAuthority future = _pki.Authority(validFrom: DateTimeOffset.UtcNow.AddDays(1));

        Fails("SG5109", () => Trusting(future).Verify(response, _signature));
    }

    [Fact]
    public void AlteredSignatureBytes_AreSG5104()
    {
        byte[] response = TimestampTestData.WithAlteredSignature(TimestampTestData.Stamp(_tsa, _signature));

        Fails("SG5104", () => Trusting(_pki.Authority()).Verify(response, _signature));
    }

    [Fact]
    public void TokenWithoutEssSigningCertificate_IsSG5104()
    {
        byte[] token = TimestampTestData.HandMadeToken(_pki.Tsa, _signature, DateTimeOffset.UtcNow);

        TimestampException e = Fails("SG5104", () => Trusting(_pki.Authority()).Verify(TimestampTestData.Wrap(token), _signature));
        Assert.Contains("ESS", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void TsaCertificateWithoutCriticalTimeStampingEku_IsSG5108(bool timeStampingEku, bool critical)
    {
        using var bad = TestTsaPki.Create("NoEku", timeStampingEku: timeStampingEku, ekuCritical: critical);
        byte[] token = TimestampTestData.HandMadeToken(bad.Tsa, _signature, DateTimeOffset.UtcNow);

        Fails("SG5108", () => Trusting(bad.Authority()).Verify(TimestampTestData.Wrap(token), _signature));
    }

    [Fact]
    public void BareTimeStampToken_IsUnwrappedAndVerified_AndFlagged()
    {
        byte[] token = TimestampTestData.TokenOf(TimestampTestData.Stamp(_tsa, _signature));

        VerifiedTimestamp verified = Trusting(_pki.Authority()).Verify(token, _signature);

        Assert.True(verified.WasBareToken);
    }

    [Fact]
    public void RejectionStatus_IsSG5107_WithTheTsasReason()
    {
        TimestampException e = Fails("SG5107", () => Trusting(_pki.Authority()).Verify(TimestampTestData.Rejection(), _signature));
        Assert.Contains("rejection", e.Message, StringComparison.Ordinal);
        Assert.Contains("no thanks", e.Message, StringComparison.Ordinal);
        Assert.Contains("badAlg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DevTsaRefusingAPolicy_AnswersRejection_WhichIsSG5107()
    {
        byte[] response = TimestampTestData.Stamp(_tsa, _signature, policy: "1.2.3.4.5");

        TimestampException e = Fails("SG5107", () => Trusting(_pki.Authority()).Verify(response, _signature));
        Assert.Contains("unacceptedPolicy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyInput_IsSG5101()
    {
        Fails("SG5101", () => Trusting(_pki.Authority()).Verify(ReadOnlyMemory<byte>.Empty, _signature));
    }

    [Theory]
    [InlineData("30ff")] // truncated
    [InlineData("3003020100")] // a TimeStampResp whose PKIStatusInfo is an INTEGER, not a SEQUENCE
    [InlineData("30053003020100ff")] // a trailing byte after the response
    [InlineData("300a30030201000603550403")] // granted, but the "token" is an OID
    [InlineData("0badc0de")]
    public void Garbage_IsSG5106(string hex)
    {
        Fails("SG5106", () => Trusting(_pki.Authority()).Verify(Convert.FromHexString(hex), _signature));
    }

    [Fact]
    public void GrantedWithoutToken_IsSG5106()
    {
        Fails("SG5106", () => Trusting(_pki.Authority()).Verify(Convert.FromHexString("30053003020100"), _signature));
    }

    [Fact]
    public void TrailingBytesAfterTheResponse_AreSG5106()
    {
        byte[] response = [.. TimestampTestData.Stamp(_tsa, _signature), 0x00];

        Fails("SG5106", () => Trusting(_pki.Authority()).Verify(response, _signature));
    }

    [Fact]
    public void DevTsa_RefusesACertificateWithoutTimeStampingEku()
    {
        using var bad = TestTsaPki.Create("NoEku", timeStampingEku: false);

        Assert.Throws<ArgumentException>(() => new DevTimestampAuthority(bad.Tsa, TimeProvider.System));
    }

    [Fact]
    public void DevTsa_UsesTheInjectedClock()
    {
        var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        using var pki = TestTsaPki.Create("Clock", leafNotBefore: at.AddDays(-1), leafNotAfter: at.AddDays(1));
        var tsa = new DevTimestampAuthority(pki.Tsa, new FixedTimeProvider(at));

        VerifiedTimestamp verified = Trusting(pki.Authority()).Verify(TimestampTestData.Stamp(tsa, _signature), _signature);

        Assert.Equal(at, verified.GenTime);
    }

    [Fact]
    public void DevTsa_AnswersGarbageWithBadDataFormat()
    {
        byte[] reply = _tsa.Respond([0x30, 0x03, 0x02, 0x01]);

        TimestampException e = Fails("SG5107", () => Trusting(_pki.Authority()).Verify(reply, _signature));
        Assert.Contains("badDataFormat", e.Message, StringComparison.Ordinal);
    }
}
