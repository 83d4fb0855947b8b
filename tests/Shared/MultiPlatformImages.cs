namespace SupplyGate.Tests.Shared;

/// <summary>
/// A local registry holding a tiny amd64 base and its multi-platform variants, made by
/// build/lab/make-multiarch-base-image.sh: an arm64 twin whose extra layer holds a dpkg status with one package
/// (<see cref="Arm64OnlyPackage"/>) the amd64 image does not have, an OCI index over both, a Docker manifest list
/// and an OCI index with buildx-style attestation manifests. Children's digests are read back with skopeo, the
/// independent reader.
/// </summary>
public sealed class MultiPlatformImages : IDisposable
{
    /// <summary>The Debian package only the arm64 image has: a policy denying it denies that platform only.</summary>
    public const string Arm64OnlyPackage = "sg-arm64-only";

    private readonly TempDirectory _work = new("sg-multiarch");

    /// <summary>Writes <c>deny-arm64.yaml</c> into <paramref name="directory"/>: a policy denying <see cref="Arm64OnlyPackage"/>, so only arm64 is denied.</summary>
    public static string WriteDenyArm64Policy(string directory)
    {
        string path = Path.Combine(directory, "deny-arm64.yaml");
        File.WriteAllText(path, $"""
            apiVersion: supplygate.dev/v1alpha1
            kind: Policy
            metadata:
              name: deny-arm64-package
            spec:
              image:
                deniedPackages:
                  - name: {Arm64OnlyPackage}
                    reason: only the arm64 image has it
            """);
        return path;
    }

    public MultiPlatformImages()
    {
        Registry = new LocalRegistry();
        try
        {
            Repository = "tiny/multi";
            string source = $"{Registry.Host}/{Repository}:1";
            string lab = Path.Combine(RepositoryPaths.Root, "build", "lab");
            ProcessResult tiny = ProcessRunner.Run("bash", [Path.Combine(lab, "make-tiny-base-image.sh")], RepositoryPaths.Root, new Dictionary<string, string>
            {
                ["REGISTRY"] = Registry.Host, ["IMAGE"] = source, ["MODE"] = "file", ["ARCH"] = "amd64", ["WORK"] = _work.Combine("tiny"),
            });
            Check(tiny, "make-tiny-base-image.sh");

            string extra = _work.Combine("arm64-extra");
            Directory.CreateDirectory(Path.Combine(extra, "var", "lib", "dpkg"));
            File.WriteAllText(Path.Combine(extra, "var", "lib", "dpkg", "status"), $"""
                Package: {Arm64OnlyPackage}
                Status: install ok installed
                Priority: optional
                Section: misc
                Installed-Size: 1
                Maintainer: SupplyGate tests <tests@example.invalid>
                Architecture: arm64
                Version: 1.0-1
                Description: a package only the arm64 image has


                """);
            ProcessResult multi = ProcessRunner.Run("bash", [Path.Combine(lab, "make-multiarch-base-image.sh")], RepositoryPaths.Root, new Dictionary<string, string>
            {
                ["REGISTRY"] = Registry.Host, ["SOURCE"] = source, ["EXTRA_ARM64"] = extra,
            });
            Check(multi, "make-multiarch-base-image.sh");
            Dictionary<string, string> made = multi.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ', 2))
                .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
            Index = made["index"];
            ManifestList = made["list"];
            WithAttestations = made["attest"];
        }
        catch
        {
            Registry.Dispose();
            throw;
        }
    }

    public LocalRegistry Registry { get; }

    public string Repository { get; }

    /// <summary>The OCI index, as <c>host/repo:tag@digest</c>.</summary>
    public string Index { get; }

    /// <summary>The Docker manifest list over Docker schema 2 copies of both images.</summary>
    public string ManifestList { get; }

    /// <summary>The OCI index with one buildx-style attestation manifest (unknown/unknown) per platform.</summary>
    public string WithAttestations { get; }

    /// <summary>The digest after '@'.</summary>
    public static string DigestOf(string reference) => reference[(reference.LastIndexOf('@') + 1)..];

    /// <summary>The digest of the linux/<paramref name="arch"/> entry of the index as skopeo reads it (<c>inspect --raw</c>).</summary>
    public string ChildDigest(string reference, string arch)
    {
        using var index = System.Text.Json.JsonDocument.Parse(RawIndex(reference));
        return index.RootElement.GetProperty("manifests").EnumerateArray()
            .Where(m => m.TryGetProperty("platform", out System.Text.Json.JsonElement p) && p.GetProperty("os").GetString() == "linux" && p.GetProperty("architecture").GetString() == arch)
            .Select(m => m.GetProperty("digest").GetString()!)
            .Single();
    }

    /// <summary>The architecture of the config skopeo picks for <paramref name="arch"/> (<c>inspect --config --override-arch</c>).</summary>
    public string ConfigArchitecture(string reference, string arch)
    {
        ProcessResult inspect = ProcessRunner.Run(
            "skopeo", ["inspect", "--tls-verify=false", "--override-os", "linux", "--override-arch", arch, "--config", $"docker://{WithoutTag(reference)}"], _work.Path);
        Check(inspect, "skopeo inspect --config");
        using var config = System.Text.Json.JsonDocument.Parse(inspect.Output);
        return config.RootElement.GetProperty("architecture").GetString()!;
    }

    /// <summary>The index as skopeo reads it (<c>inspect --raw</c>).</summary>
    public string RawIndex(string reference)
    {
        ProcessResult inspect = ProcessRunner.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", $"docker://{WithoutTag(reference)}"], _work.Path);
        Check(inspect, "skopeo inspect --raw");
        return inspect.Output;
    }

    /// <summary>skopeo refuses <c>repo:tag@digest</c>; the digest pins the content anyway.</summary>
    private static string WithoutTag(string reference)
    {
        int at = reference.LastIndexOf('@');
        string name = at < 0 ? reference : reference[..at];
        int colon = name.LastIndexOf(':');
        string repository = colon > name.LastIndexOf('/') ? name[..colon] : name;
        return at < 0 ? repository : repository + reference[at..];
    }

    public void Dispose()
    {
        Registry.Dispose();
        _work.Dispose();
    }

    private static void Check(ProcessResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed:\n{result.All}");
        }
    }
}
