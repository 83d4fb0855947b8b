using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyGate.Core.Attestations.Discovery;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Tests.Attestations;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests.Auditing;

/// <summary>
/// The auditor's path end to end: `attestations download` from the real registry (a signed image: SBOM and policy
/// result), then verify-bundle and check --bundle as real processes that cannot reach any listener, tampered files
/// refused with exit 4 naming the check, and the same bundle accepted by sigstore-js.
/// </summary>
[Trait("Category", "integration")]
public sealed class AuditorWorkflowTests(SignedImageFixture fixture) : IClassFixture<SignedImageFixture>
{
    private string Download()
    {
        string directory = fixture.Combine($"evidence-{Guid.NewGuid():N}");
        var (exit, output, error) = fixture.Run("attestations", "download", fixture.ImageA, "-o", directory);
        Assert.True(exit == 0, output + error);
        return directory;
    }

    [Fact]
    public void Download_writes_each_bundle_next_to_its_predicate_and_an_index()
    {
        string directory = Download();

        AttestationIndex index = JsonSerializer.Deserialize<AttestationIndex>(File.ReadAllText(Path.Combine(directory, "index.json")))!;
        Assert.Equal(fixture.DigestA.ToString(), index.ImageDigest);
        Assert.False(index.Verified);
        Assert.Empty(index.Problems);
        Assert.Equal(
            ["policy-result.json", "sbom.cdx.json"],
            index.Attestations.Select(a => a.Predicate!).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains(index.Attestations, a => a.PredicateType == PredicateTypes.PolicyResult);
        Assert.Contains(index.Attestations, a => PredicateTypes.IsCycloneDx(a.PredicateType!));
        foreach (ExportedAttestation entry in index.Attestations)
        {
            Assert.Equal($"{entry.Predicate}.sigstore.json", entry.Bundle);
            Assert.Equal(entry.BundleSha256, Digest.Sha256(File.ReadAllBytes(Path.Combine(directory, entry.Bundle))).ToString());
            Assert.Equal(entry.PredicateSha256, Digest.Sha256(File.ReadAllBytes(Path.Combine(directory, entry.Predicate!))).ToString());
            Assert.Contains("(fallback tag)", entry.Source, StringComparison.Ordinal);
        }

        Assert.Equal(5, Directory.GetFiles(directory).Length);
        Assert.Contains("\"bomFormat\"", File.ReadAllText(Path.Combine(directory, "sbom.cdx.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Download_into_a_non_empty_directory_writes_nothing()
    {
        string directory = fixture.Combine($"busy-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "keep.txt"), "mine");

        var (exit, _, error) = fixture.Run("attestations", "download", fixture.ImageA, "-o", directory);

        Assert.Equal(2, exit);
        Assert.Contains("SG2036", error, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.GetFiles(directory).Select(f => Path.GetFileName(f)).ToArray());
        Assert.Empty(Directory.GetDirectories(fixture.Root, ".busy-*"));
    }

    [Fact]
    public async Task Downloaded_files_verify_and_rejudge_in_a_process_that_cannot_reach_any_listener()
    {
        string directory = Download();

        // The registry is up and reachable from here, but not from inside the isolation the CLI runs in.
        using (var http = new HttpClient())
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri(fixture.Registry.BaseUri, "v2/"));
            Assert.True(response.IsSuccessStatusCode);
        }

        Assert.False(OfflineCli.CanConnect(fixture.Registry.Port), "the isolated process must not reach the registry");

        string record = Path.Combine(directory, "sbom.verification.json");
        ProcessResult sbom = OfflineCli.Run(directory, fixture.Environment, [
            "verify-bundle", "--bundle", "sbom.cdx.json.sigstore.json", "--artifact-digest", fixture.DigestA.ToString(),
            "--trusted-root", fixture.Ca.TrustedRoot, "--certificate-identity", AttestationTestPki.Identity,
            "--type", PredicateTypes.CycloneDx, "--format", "json", "-o", record]);
        Assert.True(sbom.ExitCode == 0, sbom.All);
        VerificationRecord filed = VerificationRecord.FromJson(File.ReadAllText(record));
        Assert.True(filed.Verified);
        Assert.Equal(AttestationTestPki.Identity, filed.Signer!.Identity);
        Assert.Equal(fixture.DigestA.ToString(), filed.Subject);
        Assert.Equal(Digest.Sha256(File.ReadAllBytes(Path.Combine(directory, "sbom.cdx.json.sigstore.json"))).Encoded, filed.Bundle.Sha256);
        Assert.NotEmpty(filed.VerifiedTimestamps!);

        ProcessResult result = OfflineCli.Run(directory, fixture.Environment, [
            "verify-bundle", "--bundle", "policy-result.json.sigstore.json", "--artifact-digest", fixture.DigestA.ToString(),
            "--trusted-root", fixture.Ca.TrustedRoot, "--certificate-identity", AttestationTestPki.Identity]);
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains($"attests {PredicateTypes.PolicyResult} about sha256:{fixture.DigestA.Encoded}", result.Output, StringComparison.Ordinal);

        ProcessResult judged = OfflineCli.Run(directory, fixture.Environment, [
            "check", "sbom.cdx.json", "--bundle", "sbom.cdx.json.sigstore.json",
            "--trusted-root", fixture.Ca.TrustedRoot, "--certificate-identity", AttestationTestPki.Identity]);
        Assert.True(judged.ExitCode == 0, judged.All);
        Assert.Contains($"signed the image sha256:{fixture.DigestA.Encoded} the SBOM names", judged.Error, StringComparison.Ordinal);
        Assert.Contains("PASS", judged.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("payload-byte", "signature", "SG5004")]
    [InlineData("other-image", "subject", "SG5008")]
    [InlineData("other-identity", "identity", "SG5007")]
    [InlineData("other-type", "predicate-type", "SG5010")]
    [InlineData("other-root", "certificate-chain", "SG5005")]
    [InlineData("timestamp-removed", "timestamp", "SG5101")]
    public async Task Tampered_files_exit_4_naming_the_check(string tampering, string check, string code)
    {
        string directory = Download();
        string bundle = Path.Combine(directory, "sbom.cdx.json.sigstore.json");
        string subject = fixture.DigestA.ToString();
        string identity = AttestationTestPki.Identity;
        string type = PredicateTypes.CycloneDx;
        string root = fixture.Ca.TrustedRoot;
        JsonNode json = JsonNode.Parse(File.ReadAllText(bundle))!;
        switch (tampering)
        {
            case "payload-byte":
                byte[] payload = Convert.FromBase64String(json["dsseEnvelope"]!["payload"]!.GetValue<string>());
                payload[payload.Length / 2] ^= 0x01;
                json["dsseEnvelope"]!["payload"] = Convert.ToBase64String(payload);
                break;
            case "other-image":
                subject = (await fixture.ResolveAsync("app/file", "2.0")).ToString();
                break;
            case "other-identity":
                identity = "https://github.com/mallory/app/.github/workflows/release.yml@refs/heads/main";
                break;
            case "other-type":
                type = PredicateTypes.PolicyResult;
                break;
            case "other-root":
                using (var other = new AttestationTestPki())
                {
                    root = Path.Combine(directory, "other-root.json");
                    // Another CA, the same timestamp authority: only the signing certificate's chain is wrong.
                    TrustedRoot ours = TrustedRootReader.ReadFile(fixture.Ca.TrustedRoot);
                    File.WriteAllBytes(root, TrustedRootWriter.Write(other.Ca.TrustedRoot with { TimestampAuthorities = ours.TimestampAuthorities }));
                }

                break;
            case "timestamp-removed":
                json["verificationMaterial"]!.AsObject().Remove("timestampVerificationData");
                break;
        }

        string tampered = Path.Combine(directory, "tampered.sigstore.json");
        File.WriteAllText(tampered, json.ToJsonString());

        var (exit, output, error) = fixture.Run(
            "verify-bundle", "--bundle", tampered, "--artifact-digest", subject, "--trusted-root", root,
            "--certificate-identity", identity, "--type", type, "--format", "json");

        Assert.True(exit == 4, output + error);
        VerificationRecord record = VerificationRecord.FromJson(output);
        Assert.False(record.Verified);
        Assert.Equal(check, record.FailedCheck);
        Assert.Equal(code, record.Code);
    }

    [Fact]
    public void An_edited_sbom_is_not_judged_even_though_its_bundle_verifies()
    {
        string directory = Download();
        string sbom = Path.Combine(directory, "sbom.cdx.json");
        JsonNode bom = JsonNode.Parse(File.ReadAllText(sbom))!;
        bom["components"]!.AsArray().Clear();
        File.WriteAllText(sbom, bom.ToJsonString());

        var (exit, output, error) = fixture.Run(
            "check", sbom, "--bundle", Path.Combine(directory, "sbom.cdx.json.sigstore.json"),
            "--trusted-root", fixture.Ca.TrustedRoot, "--certificate-identity", AttestationTestPki.Identity);

        Assert.True(exit == 4, output + error);
        Assert.Contains("check 'subject' (SG5016)", error, StringComparison.Ordinal);
        Assert.Contains("The SBOM was not judged", error, StringComparison.Ordinal);
        Assert.DoesNotContain("PASS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_from_sign_verifies_with_sigstore_js_too()
    {
        string directory = Download();
        string bundle = Path.Combine(directory, "sbom.cdx.json.sigstore.json");

        (bool verified, string said) = SigstoreJsVerifier.Verify(bundle, fixture.Ca.TrustedRoot, AttestationTestPki.Identity);
        Assert.True(verified, said);

        (bool otherSigner, _) = SigstoreJsVerifier.Verify(bundle, fixture.Ca.TrustedRoot, "https://github.com/mallory/app");
        Assert.False(otherSigner);
    }
}
