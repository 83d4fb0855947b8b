using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Gate;
using SupplyGate.Core.IO;
using SupplyGate.Core.Policy;

namespace SupplyGate.Build.Tasks;

/// <summary>
/// The key over every input of one gate evaluation that is known before it runs: SupplyGate's own build (the task's
/// and the engine's module version ids: the deterministic compiler derives them from the content, presets and the
/// built-in advisory sample included), every task parameter, the input-limit variables, the SBOM's bytes, the policy
/// file's bytes (or the preset's name), the VEX documents, the project file (diagnostics point at its lines), the
/// advisory store's identity. Files are stamped by path, length and last write; the SBOM and the policy file by
/// SHA-256. The files of the publish directory (what the secret scan reads) are kept beside the key, in
/// <see cref="PublishedFiles"/>.
/// </summary>
internal static class GateKey
{
    public static string Compute(CheckSbom task, byte[] sbom, AdvisoryStoreLocation store)
    {
        var text = new StringBuilder(4096);
        void Line(string name, string? value) => text.Append(name).Append('=').Append(value).Append('\n');
        void Stamp(string name, string path)
        {
            FileStamp stamp = FileStamp.Of(path);
            text.Append(CultureInfo.InvariantCulture, $"{name}={stamp.Path}|{stamp.Length}|{stamp.LastWriteTicks}\n");
        }

        Line("format", GateRecord.CurrentFormat.ToString(CultureInfo.InvariantCulture));
        Line("task", typeof(CheckSbom).Assembly.ManifestModule.ModuleVersionId.ToString());
        Line("engine", typeof(GateEvaluator).Assembly.ManifestModule.ModuleVersionId.ToString());
        Line("cwd", Directory.GetCurrentDirectory());
        Line("sbom-path", Path.GetFullPath(task.SbomPath));
        Line("sbom", Convert.ToHexStringLower(SHA256.HashData(sbom)));
        Line("policy", task.Policy);
        string policy = string.IsNullOrWhiteSpace(task.Policy) ? "default" : task.Policy;
        if (!PolicyDocument.PresetNames.Contains(policy, StringComparer.Ordinal) && File.Exists(policy))
        {
            Line("policy-file", Path.GetFullPath(policy));
            Line("policy-sha256", Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(policy))));
        }

        foreach (Microsoft.Build.Framework.ITaskItem vex in task.VexFiles)
        {
            Stamp("vex", vex.GetMetadata("FullPath"));
        }

        Line("advisory-update", task.AdvisoryUpdate);
        Line("advisory-update-ttl", task.AdvisoryUpdateTtlHours);
        Line("advisory-database", task.AdvisoryDatabase);
        Line("store", $"{store.Path}|named={store.Named}");
        if (store.Exists)
        {
            Stamp("store-file", store.Path);
            Stamp("store-wal", store.Path + "-wal");
            Stamp("store-check", StoreCheck.PathFor(store.Path));
        }
        else
        {
            Line("sample-cache", AdvisoryStoreLocation.SampleCacheDirectory(new MSBuildEnvironment()));
        }

        var environment = new MSBuildEnvironment();
        Line("max-input", environment.GetVariable(InputLimits.MaxInputVariable));
        Line("max-json-string", environment.GetVariable(InputLimits.MaxJsonStringVariable));
        Line("project-file", task.ProjectFile);
        if (!string.IsNullOrEmpty(task.ProjectFile))
        {
            Stamp("project", task.ProjectFile);
        }

        Line("reports", task.ReportFormats);
        Line("source-root", task.SourceRoot);
        Line("policy-result", task.PolicyResultPath);
        Line("platform", task.Platform);
        Line("manifest-digest", task.ManifestDigest);
        Line("image-secrets-file", task.ImageSecretsFile);
        if (!string.IsNullOrWhiteSpace(task.ImageSecretsFile))
        {
            Stamp("image-secrets", task.ImageSecretsFile);
        }

        // The publish directory's files are compared one by one (PublishedFiles), not keyed: see there.
        Line("publish-directory", task.PublishDirectory);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
