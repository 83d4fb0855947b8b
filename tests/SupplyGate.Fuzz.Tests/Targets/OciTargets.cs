using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
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
