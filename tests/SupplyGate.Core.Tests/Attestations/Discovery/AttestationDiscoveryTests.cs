using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Discovery;
using SupplyGate.Core.Attestations.Publishing;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Tests.Oci;

namespace SupplyGate.Core.Tests.Attestations.Discovery;

/// <summary>
/// Discovery against a registry that has the referrers API and behaves badly (the real 2.8 registry has no API, so
/// the CLI tests cover the fallback tag). The registry is untrusted input: limits hold, bad entries become
/// problems naming the manifest, and nothing is fetched that the limits exclude.
/// </summary>
[Trait("Category", "integration")]
public sealed class AttestationDiscoveryTests
{
    private const string Repository = "team/app";
    private const string SbomArtifact = "application/vnd.example.sbom+json";
    private static readonly Digest Subject = Digest.Sha256("the image manifest"u8);

    [Fact]
    public async Task ReferrersApi_BundlesAreRead_OtherArtifactTypesAreNot()
    {
        var registry = new HostileRegistry();
        Digest good = registry.AddReferrer(BundleMediaTypes.V03, Encoding.UTF8.GetBytes("{\"bundle\":1}"));
        Digest other = registry.AddReferrer(SbomArtifact, "{}"u8.ToArray(), artifactType: SbomArtifact);

        AttestationDiscoveryResult result = await registry.DiscoverAsync();

        DiscoveredAttestation found = Assert.Single(result.Attestations);
        Assert.Equal(AttestationScheme.ReferrersApi, found.Scheme);
        Assert.Equal(good, found.Manifest);
        Assert.Equal("{\"bundle\":1}", Encoding.UTF8.GetString(found.BundleJson!));
        Assert.Equal("https://cyclonedx.org/bom", found.PredicateTypeHint);
        Assert.Equal(1, result.IgnoredReferrers);
        Assert.Empty(result.Problems);
        Assert.Equal(0, registry.Server.Count($"/manifests/{other}"));
        // The API answered, so the fallback tag is not read; cosign's legacy .att tag always is.
        Assert.DoesNotContain(registry.Server.Requests, r => r.Path.EndsWith($"/manifests/sha256-{Subject.Encoded}", StringComparison.Ordinal));
        Assert.Contains(registry.Server.Requests, r => r.Path.EndsWith($"/manifests/sha256-{Subject.Encoded}.att", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MoreThanTheLimitOfReferrers_OnlyTheFirstHundredAreFetched_AndSaidSo()
    {
        var registry = new HostileRegistry();
        for (int i = 0; i < AttestationDiscovery.MaxManifests + 20; i++)
        {
            registry.AddReferrer(BundleMediaTypes.V03, Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"));
        }

        AttestationDiscoveryResult result = await registry.DiscoverAsync();

        Assert.Equal(AttestationDiscovery.MaxManifests, result.Attestations.Count);
        Assert.Contains(result.Problems, p => p.Contains("only the first 100", StringComparison.Ordinal));
        Assert.Equal(AttestationDiscovery.MaxManifests, registry.Server.Requests.Count(r => r.Method == "GET" && r.Path.Contains("/manifests/sha256:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ALayerClaimingMoreThanTheBlobLimit_IsNeverDownloaded()
    {
        var registry = new HostileRegistry();
        Digest huge = registry.AddReferrer(BundleMediaTypes.V03, "{}"u8.ToArray(), claimedSize: AttestationDiscovery.MaxBlobBytes + 1);

        AttestationDiscoveryResult result = await registry.DiscoverAsync();

        Assert.Empty(result.Attestations);
        string problem = Assert.Single(result.Problems);
        Assert.Contains(huge.ToString(), problem, StringComparison.Ordinal);
        Assert.Equal(0, registry.Server.Count("/blobs/"));
    }

    [Fact]
    public async Task ABlobThatIsNotWhatItsDigestSays_AndAListedManifestThatIsGone_AreProblems_NotCrashes()
    {
        var registry = new HostileRegistry();
        Digest lying = registry.AddReferrer(BundleMediaTypes.V03, "{\"honest\":true}"u8.ToArray(), servedBlob: "{\"honest\":false}"u8.ToArray());
        Digest gone = registry.AddReferrer(BundleMediaTypes.V03, "{}"u8.ToArray(), manifestMissing: true);
        Digest good = registry.AddReferrer(BundleMediaTypes.V03, "{\"fine\":1}"u8.ToArray());

        AttestationDiscoveryResult result = await registry.DiscoverAsync();

        Assert.Equal(good, Assert.Single(result.Attestations).Manifest);
        Assert.Equal(2, result.Problems.Count);
        Assert.Contains(result.Problems, p => p.Contains(lying.ToString(), StringComparison.Ordinal) && p.Contains("layer 0", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Contains(gone.ToString(), StringComparison.Ordinal));
    }

    /// <summary>A registry with the referrers API whose answers each test shapes.</summary>
    private sealed class HostileRegistry
    {
        private readonly Dictionary<string, (byte[] Body, string MediaType)> _manifests = new(StringComparer.Ordinal);
        private readonly Dictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
        private readonly JsonArray _index = [];

        public HostileRegistry() => Server = new FakeRegistryServer(HandleAsync);

        public FakeRegistryServer Server { get; }

        public Digest AddReferrer(string layerMediaType, byte[] blob, string artifactType = BundleMediaTypes.V03, long? claimedSize = null, byte[]? servedBlob = null, bool manifestMissing = false)
        {
            Digest blobDigest = Digest.Sha256(blob);
            _blobs[blobDigest.ToString()] = servedBlob ?? blob;
            byte[] manifest = Encoding.UTF8.GetBytes(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = MediaTypes.OciManifest,
                ["artifactType"] = artifactType,
                ["config"] = new JsonObject { ["mediaType"] = MediaTypes.OciEmpty, ["digest"] = Digest.Sha256("{}"u8).ToString(), ["size"] = 2 },
                ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = layerMediaType, ["digest"] = blobDigest.ToString(), ["size"] = claimedSize ?? blob.Length }),
                ["subject"] = new JsonObject { ["mediaType"] = MediaTypes.OciManifest, ["digest"] = Subject.ToString(), ["size"] = 18 },
                ["annotations"] = new JsonObject { [AttestationManifest.PredicateTypeAnnotation] = "https://cyclonedx.org/bom" },
            }.ToJsonString());
            Digest digest = Digest.Sha256(manifest);
            if (!manifestMissing)
            {
                _manifests[digest.ToString()] = (manifest, MediaTypes.OciManifest);
            }

            _index.Add(new JsonObject
            {
                ["mediaType"] = MediaTypes.OciManifest,
                ["digest"] = digest.ToString(),
                ["size"] = manifest.Length,
                ["artifactType"] = artifactType,
                ["annotations"] = new JsonObject { [AttestationManifest.PredicateTypeAnnotation] = "https://cyclonedx.org/bom" },
            });
            return digest;
        }

        public async Task<AttestationDiscoveryResult> DiscoverAsync()
        {
            using var http = new HttpClient();
            using (Server)
            {
                return await new AttestationDiscovery(Server.Client(http)).DiscoverAsync(Repository, Subject, CancellationToken.None);
            }
        }

        private Task HandleAsync(HttpListenerContext context)
        {
            string path = context.Request.Url!.AbsolutePath;
            string last = path[(path.LastIndexOf('/') + 1)..];
            if (path.Contains("/referrers/", StringComparison.Ordinal))
            {
                byte[] index = Encoding.UTF8.GetBytes(new JsonObject
                {
                    ["schemaVersion"] = 2,
                    ["mediaType"] = MediaTypes.OciIndex,
                    ["manifests"] = _index.DeepClone(),
                }.ToJsonString());
                return FakeRegistryServer.Respond(context, 200, index, MediaTypes.OciIndex);
            }

            if (path.Contains("/manifests/", StringComparison.Ordinal) && _manifests.TryGetValue(last, out var manifest))
            {
                return FakeRegistryServer.Respond(context, 200, manifest.Body, manifest.MediaType, ("Docker-Content-Digest", last));
            }

            if (path.Contains("/blobs/", StringComparison.Ordinal) && _blobs.TryGetValue(last, out byte[]? blob))
            {
                return FakeRegistryServer.Respond(context, 200, blob, "application/octet-stream");
            }

            return FakeRegistryServer.Respond(context, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}"u8.ToArray(), "application/json");
        }
    }
}
