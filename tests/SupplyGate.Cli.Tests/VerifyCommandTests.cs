using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Tests.Attestations;
using SupplyGate.Core.Tests.Attestations.Verification;

namespace SupplyGate.Cli.Tests;

/// <summary>`supplygate verify` against a real registry: the signed image passes, everything else exits 4 naming why.</summary>
[Trait("Category", "integration")]
public sealed class VerifyCommandTests(SignedImageFixture fixture) : IClassFixture<SignedImageFixture>
{
    private string[] Verify(string image, params string[] more)
    {
        var args = new List<string> { "verify", image, "--trusted-root", fixture.Ca.TrustedRoot };
        if (!more.Any(m => m.StartsWith("--certificate-identity", StringComparison.Ordinal)))
        {
            args.AddRange(["--certificate-identity", AttestationTestPki.Identity]);
        }

        args.AddRange(more);
        return [.. args];
    }

    [Fact]
    public void SignedImage_ByTag_VerifiesBothAttestationsAndPasses()
    {
        var (exit, output, error) = fixture.Run(Verify(fixture.ImageA));

        Assert.True(exit == 0, output + error);
        Assert.Contains($"-> {fixture.DigestA}", output, StringComparison.Ordinal);
        Assert.Contains($"ok      referrer ", output, StringComparison.Ordinal);
        Assert.Contains("(fallback tag)", output, StringComparison.Ordinal);
        Assert.Contains(": https://cyclonedx.org/bom, signed by " + AttestationTestPki.Identity, output, StringComparison.Ordinal);
        Assert.Contains(": " + PredicateTypes.PolicyResult + ", signed by", output, StringComparison.Ordinal);
        Assert.Contains("At build (", output, StringComparison.Ordinal);
        Assert.Contains("PASS", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SignedImage_ByDigest_WithIdentityRegexp_Passes()
    {
        string byDigest = $"{fixture.Registry.Host}/app/file@{fixture.DigestA}";

        var (exit, output, error) = fixture.Run(Verify(byDigest, "--certificate-identity-regexp", "^https://github\\.com/acme/.*$"));

        Assert.True(exit == 0, output + error);
    }

    [Fact]
    public void WrongIdentity_ExitsFour_NamingTheIdentityCheck()
    {
        var (exit, output, _) = fixture.Run(Verify(fixture.ImageA, "--certificate-identity", "https://github.com/mallory/app"));

        Assert.Equal(4, exit);
        Assert.Contains("check 'identity' (SG5007)", output, StringComparison.Ordinal);
        Assert.Contains("VERIFICATION FAILED: no attestation of type https://cyclonedx.org/bom", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TrustedRootOfAnotherCa_ExitsFour()
    {
        using var other = Core.Attestations.Development.DevelopmentCa.Create(new DevelopmentCaOptions { SignerIdentity = AttestationTestPki.Identity }, TimeProvider.System);
        DevelopmentCaFiles files = other.WriteTo(fixture.Combine($"other-ca-{Guid.NewGuid():N}"));

        var (exit, output, _) = fixture.Run("verify", fixture.ImageA, "--trusted-root", files.TrustedRoot, "--certificate-identity", AttestationTestPki.Identity);

        Assert.Equal(4, exit);
        // Our TSA is not in the foreign root, so the first check to fail is the timestamp's.
        Assert.Contains("check 'timestamp' (SG51", output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsignedImage_ExitsFour()
    {
        var (exit, output, _) = fixture.Run(Verify(fixture.ImageB));

        Assert.Equal(4, exit);
        Assert.Contains("no attestations found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TagMovedToAnotherImage_ExitsFour()
    {
        using var http = new HttpClient();
        RegistryClient client = fixture.Client(http);
        ManifestResponse a = await client.Manifests.GetAsync("app/file", "1.0", CancellationToken.None);
        await client.Manifests.PutAsync("app/file", "release", a.MediaType, a.Bytes, null, CancellationToken.None);
        Assert.Equal(0, fixture.Run(Verify($"{fixture.Registry.Host}/app/file:release")).ExitCode);

        ManifestResponse b = await client.Manifests.GetAsync("app/file", "2.0", CancellationToken.None);
        await client.Manifests.PutAsync("app/file", "release", b.MediaType, b.Bytes, null, CancellationToken.None);
        var (exit, output, _) = fixture.Run(Verify($"{fixture.Registry.Host}/app/file:release"));

        Assert.Equal(4, exit);
        Assert.Contains($"-> {b.Digest}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidBundleCopiedOntoAnotherImage_ExitsFour_NamingTheSubjectCheck()
    {
        // Image C in its own repository, so its referrers hold only the replayed bundle.
        string imageC = $"{fixture.Registry.Host}/replay/file:1.0";
        fixture.PushFileImage(imageC, epoch: 7);
        Digest c = await fixture.ResolveAsync("replay/file", "1.0");
        byte[] bundleOfA = new VerificationTestBundles(fixture.Pki).Create(subjectDigest: fixture.DigestA.Encoded, predicateType: PredicateTypes.CycloneDx);
        await fixture.AttachAsync("replay/file", c, bundleOfA, PredicateTypes.CycloneDx);

        var (exit, output, _) = fixture.Run(Verify(imageC));

        Assert.Equal(4, exit);
        Assert.Contains("check 'subject' (SG5008)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingIdentity_IsAUsageError()
    {
        var (exit, _, error) = fixture.Run("verify", fixture.ImageA, "--trusted-root", fixture.Ca.TrustedRoot);

        Assert.Equal(2, exit);
        Assert.Contains("--certificate-identity", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedTrustedRoot_IsAnInputErrorNamingTheFile()
    {
        string root = fixture.Combine("broken-root.json");
        File.WriteAllText(root, "{\"mediaType\":");

        var (exit, _, error) = fixture.Run(Verify(fixture.ImageA).Select(a => a == fixture.Ca.TrustedRoot ? root : a).ToArray());

        Assert.Equal(2, exit);
        Assert.Contains("SG5002", error, StringComparison.Ordinal);
        Assert.Contains("broken-root.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreachableRegistry_IsAnInputError_NotAVerificationFailure()
    {
        var (exit, _, error) = fixture.Run(Verify("127.0.0.1:1/app/file:1.0"));

        Assert.Equal(2, exit);
        Assert.Contains("SG1018", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredAdvisorySources_AreFetchedBeforeTheReevaluation_UnlessOffline()
    {
        string image = $"{fixture.Registry.Host}/update/file:1.0";
        PushWithAttestedNewtonsoft(image, epoch: 9);

        // The organisation's mirror: a store with one critical advisory for it, pushed as an OCI artifact.
        string advisory = fixture.Combine("GHSA-upd0-0000-0001.json");
        File.WriteAllText(advisory, """
            {"schema_version":"1.6.0","id":"GHSA-upd0-0000-0001","modified":"2026-11-20T00:00:00Z","published":"2026-11-20T00:00:00Z",
             "summary":"only in the mirror","database_specific":{"severity":"CRITICAL"},
             "affected":[{"package":{"ecosystem":"NuGet","name":"Newtonsoft.Json"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"13.0.1"}]}]}]}
            """);
        string mirrorDb = fixture.Combine("mirror.db");
        Assert.Equal(0, fixture.Run("db", "import", advisory, "--db", mirrorDb).ExitCode);
        string mirror = $"{fixture.Registry.Host}/security/advisory-db:latest";
        var pushed = fixture.Run("db", "push", mirror, "--db", mirrorDb);
        Assert.True(pushed.ExitCode == 0, pushed.Error);

        using var home = new SupplyGate.Tests.Shared.TempDirectory("sg-verify-home");
        var environment = new Dictionary<string, string> { ["HOME"] = home.Path, ["SUPPLYGATE_DB_SOURCES"] = mirror, ["SupplyGateAdvisoryUpdate"] = "true" };
        string[] verify = Verify(image);

        var online = CliRunner.Run(environment, home.Path, verify);
        Assert.True(online.ExitCode == 1, online.Output + online.Error);
        Assert.Contains($"Advisory refresh: advisory store {Path.Combine(home.Path, ".supplygate", "advisories.db")} updated from {mirror}", online.Output, StringComparison.Ordinal);
        Assert.Contains("GHSA-upd0-0000-0001", online.Output, StringComparison.Ordinal);

        // --offline in a fresh home: no fetch, so the bundled sample judges (it has no such advisory).
        using var offlineHome = new SupplyGate.Tests.Shared.TempDirectory("sg-verify-offline");
        var offline = CliRunner.Run(
            new Dictionary<string, string> { ["HOME"] = offlineHome.Path, ["SUPPLYGATE_DB_SOURCES"] = mirror, ["SupplyGateAdvisoryUpdate"] = "true" }, offlineHome.Path, [.. verify, "--offline"]);
        Assert.DoesNotContain("Advisory refresh:", offline.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("GHSA-upd0-0000-0001", offline.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(offlineHome.Path, ".supplygate", "advisories.db")));
    }

    /// <summary>An image whose attested SBOM ships Newtonsoft.Json 12.0.1, signed like any other.</summary>
    private void PushWithAttestedNewtonsoft(string image, int epoch)
    {
        fixture.PushFileImage(image, epoch);
        string sbom = fixture.Combine($"newtonsoft-{epoch}.cdx.json");
        File.WriteAllText(sbom, """
            {"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79","version":1,
             "metadata":{"component":{"type":"application","bom-ref":"app","name":"app","version":"1.0"}},
             "components":[{"type":"library","bom-ref":"pkg:nuget/Newtonsoft.Json@12.0.1","name":"Newtonsoft.Json","version":"12.0.1","purl":"pkg:nuget/Newtonsoft.Json@12.0.1","scope":"required"}],
             "dependencies":[{"ref":"app","dependsOn":["pkg:nuget/Newtonsoft.Json@12.0.1"]},{"ref":"pkg:nuget/Newtonsoft.Json@12.0.1","dependsOn":[]}]}
            """);
        var attested = fixture.Run("attest", image, "--predicate", sbom, "--type", PredicateTypes.CycloneDx,
            "--key", fixture.Ca.SigningKey, "--cert", fixture.Ca.SigningCertificate, "--timestamp-url", fixture.TsaUrl.ToString());
        Assert.True(attested.ExitCode == 0, attested.Error);
    }

    [Fact]
    public void With_nothing_configured_the_public_sources_refresh_the_user_store_once_per_hour()
    {
        string image = $"{fixture.Registry.Host}/public/file:1.0";
        PushWithAttestedNewtonsoft(image, epoch: 10);
        using var server = new SupplyGate.Tests.Shared.PublicSourceServer();
        using var home = new SupplyGate.Tests.Shared.TempDirectory("sg-verify-public");
        File.WriteAllText(Path.Combine(home.Path, "nuget.config"), server.NuGetConfig());
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home.Path,
            ["SupplyGateAdvisoryUpdate"] = "true",
            [SupplyGate.Core.Advisories.Sources.PublicSources.TestBaseVariable] = server.BaseUrl,
        };
        string store = Path.Combine(home.Path, ".supplygate", "advisories.db");

        var first = CliRunner.Run(environment, home.Path, Verify(image));

        // The fixture's GHSA record labels it LOW, which the default policy warns on.
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains($"Advisory refresh: advisory store {store} refreshed: ghsa-nuget, ", first.Output, StringComparison.Ordinal);
        Assert.Contains($"advisory data {store} built", first.Output, StringComparison.Ordinal);
        Assert.Contains("GHSA-5crp-9r3c-p9vr", first.Output, StringComparison.Ordinal);
        Assert.Contains(server.TakeLog(), r => r.Path == "/NuGet/all.zip" && r.Status == 200);

        var second = CliRunner.Run(environment, home.Path, Verify(image));

        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Contains($"Advisory refresh: advisory store {store} was checked less than 1 h ago; not refreshed.", second.Output, StringComparison.Ordinal);
        Assert.Empty(server.TakeLog());

        // The switch that keeps the build offline keeps verify offline too.
        File.Delete(store);
        var off = CliRunner.Run(new Dictionary<string, string>(environment) { ["SupplyGateAdvisoryUpdate"] = "false" }, home.Path, Verify(image));

        Assert.DoesNotContain("Advisory refresh:", off.Output, StringComparison.Ordinal);
        Assert.Empty(server.TakeLog());
        Assert.False(File.Exists(store));
    }
}
