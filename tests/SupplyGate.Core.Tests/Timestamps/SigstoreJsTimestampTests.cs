using System.Security.Cryptography;
using SupplyGate.DevTsa;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Timestamps;

/// <summary>
/// The development TSA's TimeStampResp through sigstore-js's own RFC 3161 parser and verifier (@sigstore/core
/// <c>RFC3161Timestamp</c>, what @sigstore/verify runs on a bundle's <c>signedTimestamp</c>): it must parse the
/// full response (docs/architecture.md spec 0.6), find the ECDSA signature OID and signed attributes, and verify the imprint.
/// </summary>
[Trait("Category", "integration")]
public sealed class SigstoreJsTimestampTests
{
    // Reads the paths from the environment so no quoting reaches the script.
    private const string Script = """
        const fs = require('fs');
        const nodeCrypto = require('crypto');
        const { RFC3161Timestamp } = require('@sigstore/core');
        const ts = RFC3161Timestamp.parse(fs.readFileSync(process.env.SG_TSR));
        const key = nodeCrypto.createPublicKey(fs.readFileSync(process.env.SG_CERT));
        ts.verify(fs.readFileSync(process.env.SG_DATA), key);
        console.log('status=' + ts.status + ' genTime=' + ts.signingTime.toISOString());
        """;

    [Fact]
    public void DevTsaResponse_VerifiesWithSigstoreJs_AndAnotherImprintDoesNot()
    {
        string interop = Path.Combine(RepositoryPaths.Root, "tests", "interop");
        Assert.True(
            Directory.Exists(Path.Combine(interop, "node_modules", "@sigstore", "core")),
            "tests/interop/node_modules/@sigstore/core is missing: run `npm install --no-save` in tests/interop.");
        using var pki = TestTsaPki.Create("SigstoreJs");
        using var dir = new TempDirectory("sg-sigstore-ts");
        byte[] signature = RandomNumberGenerator.GetBytes(71);
        File.WriteAllBytes(dir.Combine("dev.tsr"), TimestampTestData.Stamp(new DevTimestampAuthority(pki.Tsa, TimeProvider.System), signature));
        File.WriteAllBytes(dir.Combine("signature.bin"), signature);
        File.WriteAllBytes(dir.Combine("other.bin"), RandomNumberGenerator.GetBytes(71));
        File.WriteAllText(dir.Combine("tsa.pem"), pki.Tsa.ExportCertificatePem());

        ProcessResult ok = Run("signature.bin");
        ProcessResult wrong = Run("other.bin");

        Assert.True(ok.ExitCode == 0, ok.All);
        Assert.Contains("status=0", ok.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("RFC3161", wrong.All, StringComparison.Ordinal);

        ProcessResult Run(string data) => ProcessRunner.Run(
            "node",
            ["-e", Script],
            interop,
            new Dictionary<string, string>
            {
                ["SG_TSR"] = dir.Combine("dev.tsr"),
                ["SG_CERT"] = dir.Combine("tsa.pem"),
                ["SG_DATA"] = dir.Combine(data),
            },
            TimeSpan.FromMinutes(1));
    }
}
