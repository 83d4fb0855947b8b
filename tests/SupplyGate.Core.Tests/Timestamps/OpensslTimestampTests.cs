using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Timestamps;
using SupplyGate.DevTsa;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Timestamps;

/// <summary>
/// Interop with an independent RFC 3161 implementation, Debian's <c>openssl ts</c>: it answers our client's
/// request and our verifier judges its token; and it verifies our development TSA's replies.
/// </summary>
[Trait("Category", "integration")]
public sealed class OpensslTimestampTests : IDisposable
{
    private readonly TestTsaPki _pki = TestTsaPki.Create("OpenSSL");
    private readonly TempDirectory _dir = new("sg-openssl-ts");
    private readonly byte[] _signature = RandomNumberGenerator.GetBytes(72);

    public OpensslTimestampTests()
    {
        File.WriteAllText(_dir.Combine("tsa.crt"), _pki.Tsa.ExportCertificatePem());
        using ECDsa key = _pki.Tsa.GetECDsaPrivateKey()!;
        File.WriteAllText(_dir.Combine("tsa.key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(_dir.Combine("root.pem"), _pki.Root.ExportCertificatePem());
        File.WriteAllText(_dir.Combine("serial"), "01\n");
        // openssl-ts(1) CONFIGURATION FILE OPTIONS; ECDSA + SHA-256 and an ESSCertIDv2 (RFC 5816) like our own TSA.
        File.WriteAllText(_dir.Combine("tsa.cnf"), $"""
            [ tsa ]
            default_tsa = tsa_config1

            [ tsa_config1 ]
            dir = {_dir.Path}
            serial = $dir/serial
            crypto_device = builtin
            signer_cert = $dir/tsa.crt
            certs = $dir/root.pem
            signer_key = $dir/tsa.key
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = no
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256

            """);
    }

    public void Dispose()
    {
        _dir.Dispose();
        _pki.Dispose();
    }

    /// <summary>Answers one DER TimeStampReq with `openssl ts -reply`.</summary>
    private byte[] OpensslReply(byte[] query)
    {
        string queryFile = _dir.Combine($"{Guid.NewGuid():N}.tsq");
        string replyFile = Path.ChangeExtension(queryFile, ".tsr");
        File.WriteAllBytes(queryFile, query);
        ProcessResult result = ProcessRunner.Run(
            "openssl",
            ["ts", "-reply", "-config", _dir.Combine("tsa.cnf"), "-queryfile", queryFile, "-out", replyFile],
            _dir.Path,
            timeout: TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.All);
        return File.ReadAllBytes(replyFile);
    }

    [Fact]
    public async Task OpensslReply_ToOurClient_IsAcceptedWhenTrusted_AndRejectedWhenNot()
    {
        using var http = new HttpClient(FakeTsaHandler.Reply(OpensslReply));

        // The client checks openssl's reply against the request (status, nonce, imprint, signature) ...
        TimestampResponse response = await new TimestampClient(http).RequestAsync(new Uri("http://openssl.invalid/"), _signature);

        // ... and the verifier accepts the full TimeStampResp when openssl's TSA certificate is trusted ...
        VerifiedTimestamp verified = new TimestampVerifier([_pki.Authority()]).Verify(response.Der, _signature);
        Assert.False(verified.WasBareToken);
        Assert.Equal("1.2.3.4.1", verified.Info.PolicyId);
        Assert.Equal(_pki.Tsa.RawData, verified.Info.TsaCertificate!.RawData);
        Assert.InRange(verified.GenTime, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

        // ... and refuses it when it is not, or when it covers other bytes.
        using var other = TestTsaPki.Create("NotOpenSSL");
        TimestampException untrusted = Assert.Throws<TimestampException>(
            () => new TimestampVerifier([other.Authority()]).Verify(response.Der, _signature));
        Assert.Equal("SG5103", untrusted.Code);
        TimestampException otherBytes = Assert.Throws<TimestampException>(
            () => new TimestampVerifier([_pki.Authority()]).Verify(response.Der, RandomNumberGenerator.GetBytes(72)));
        Assert.Equal("SG5102", otherBytes.Code);
    }

    [Fact]
    public void OpensslToken_WithAlteredSignature_IsSG5104()
    {
        byte[] reply = OpensslReply(System.Security.Cryptography.Pkcs.Rfc3161TimestampRequest.CreateFromData(
            _signature, HashAlgorithmName.SHA256, requestSignerCertificates: true).Encode());

        TimestampException e = Assert.Throws<TimestampException>(
            () => new TimestampVerifier([_pki.Authority()]).Verify(TimestampTestData.WithAlteredSignature(reply), _signature));

        Assert.Equal("SG5104", e.Code);
    }

    [Fact]
    public void DevTsaReply_IsAcceptedByOpensslTsVerify()
    {
        var tsa = new DevTimestampAuthority(_pki.Tsa, TimeProvider.System);
        File.WriteAllBytes(_dir.Combine("dev.tsr"), TimestampTestData.Stamp(tsa, _signature));
        File.WriteAllBytes(_dir.Combine("signature.bin"), _signature);
        File.WriteAllBytes(_dir.Combine("other.bin"), RandomNumberGenerator.GetBytes(72));

        ProcessResult ok = Verify("signature.bin");
        ProcessResult wrong = Verify("other.bin");

        Assert.True(ok.ExitCode == 0, ok.All);
        Assert.Contains("Verification: OK", ok.All, StringComparison.Ordinal);
        Assert.NotEqual(0, wrong.ExitCode);

        ProcessResult Verify(string data) => ProcessRunner.Run(
            "openssl",
            ["ts", "-verify", "-in", "dev.tsr", "-data", data, "-CAfile", "root.pem", "-untrusted", "tsa.crt"],
            _dir.Path,
            timeout: TimeSpan.FromMinutes(1));
    }
}
