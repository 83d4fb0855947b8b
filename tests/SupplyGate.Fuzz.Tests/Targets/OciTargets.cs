using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;
using SupplyGate.Core.Oci.Sources;
using static SupplyGate.Fuzz.Tests.Targets.SbomTargets;

namespace SupplyGate.Fuzz.Tests.Targets;

/// <summary>OCI manifests, indexes and configs (registry and layout documents).</summary>
internal static class OciTargets
{
    public static IEnumerable<FuzzTarget> All()
    {
        yield return new FuzzTarget("oci", ParseAll)
        {
            CiIterations = 4000,
            Dictionary = Tokens("\"mediaType\":", "\"digest\":", "\"size\":", "\"layers\":", "\"manifests\":", "\"config\":", "\"rootfs\":", "\"diff_ids\":", "\"platform\":", "\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"", "\"sha512:\"", "\"application/vnd.oci.image.index.v1+json\"", "\"application/vnd.docker.distribution.manifest.list.v2+json\""),
        };
        yield return new FuzzTarget("platform", PlatformRoundTrip)
        {
            CiIterations = 8000,
            Dictionary = Tokens("/", "-", "=", "linux", "windows", "amd64", "arm64", "arm", "v7", "v8", "x64", "musl", "bionic", "\u212A", " "),
        };
        yield return new FuzzTarget("image-archive", ResolveArchive)
        {
            CiIterations = 500,
            AllocationFactor = 400,
            Dictionary = [.. Tokens("oci-layout", "index.json", "manifest.json", "blobs/sha256/", "../", "\"Layers\":", "\"Config\":", "\"RepoTags\":", "\"diff_ids\":", "\"size\":"), new byte[512]],
        };
    }

    /// <summary>
    /// An oci-archive or docker-save tar, as <c>sbom image</c> opens it: the archive is indexed, the image
    /// resolved (index, manifest, config) and every layer blob read to its end, which verifies its digest.
    /// </summary>
    private static void ResolveArchive(byte[] input)
    {
        string path = Path.Combine(Path.GetTempPath(), $"supplygate-fuzz-{Environment.ProcessId}-{Guid.NewGuid():N}.tar");
        File.WriteAllBytes(path, input);
        try
        {
            TarArchiveFiles files = TarArchiveFiles.Open(path, CancellationToken.None);
            IImageSource source = files.Exists("oci-layout") ? new OciArchiveImageSource(files, path, null)
                : files.Exists("manifest.json") ? new DockerArchiveImageSource(files, path, null)
                : throw new InvalidInputException(DiagnosticCode.ImageInvalid, "neither oci-layout nor manifest.json", path);
            try
            {
                ResolvedImage image = source.ResolveAsync(null, CancellationToken.None).GetAwaiter().GetResult();
                foreach (Descriptor layer in image.Manifest.Layers)
                {
                    using Stream blob = source.OpenBlobAsync(layer, CancellationToken.None).GetAwaiter().GetResult();
                    blob.CopyTo(Stream.Null);
                }
            }
            finally
            {
                source.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Platform text (<c>--platform</c>, policies, <c>--sbom PLATFORM=FILE</c>) and runtime identifiers: what
    /// parses prints back to text that parses to the same platform; what does not is an input error naming it.
    /// </summary>
    private static void PlatformRoundTrip(byte[] input)
    {
        string text = System.Text.Encoding.UTF8.GetString(input);
        if (Platform.TryParse(text, out Platform? platform))
        {
            string printed = platform.ToString();
            Assert.True(Platform.TryParse(printed, out Platform? again), $"'{printed}' (from '{text}') does not parse");
            Assert.Equal(platform, again);
            Assert.Equal(printed, again.ToString());
            Assert.Equal(platform, Platform.Parse(text, "fuzz"));
        }
        else
        {
            Assert.Equal(DiagnosticCode.InvalidConfiguration, Assert.Throws<InvalidInputException>(() => Platform.Parse(text, "fuzz")).Code);
        }

        if (Platform.FromRuntimeIdentifier(text) is { } fromRid)
        {
            Assert.Equal(fromRid, Platform.Parse(fromRid.ToString(), "fuzz rid"));
        }
    }

    /// <summary>Every document parser on the same bytes (a crafted registry answers any of them); an index round-trips.</summary>
    private static void ParseAll(byte[] input)
    {
        int coded = 0;
        foreach (Action parse in new Action[]
        {
            () => OciDocuments.ParseManifest(input, "fuzz manifest"),
            () => OciDocuments.ParseConfig(input, "fuzz config"),
            () => OciDocuments.DetectMediaType(input, null, "fuzz document"),
            () =>
            {
                ImageIndex index = OciDocuments.ParseIndex(input, "fuzz index");
                byte[] written = OciDocuments.SerializeIndex(index);
                Assert.Equal(written, OciDocuments.SerializeIndex(OciDocuments.ParseIndex(written, "fuzz index rewritten")));
            },
        })
        {
            try
            {
                parse();
            }
            catch (SupplyGateException ex) when (ex.Code != DiagnosticCode.InternalError)
            {
                coded++;
            }
        }

        if (coded == 4)
        {
            throw new InvalidInputException(DiagnosticCode.ImageInvalid, "no OCI document parser accepted the input");
        }
    }
}
