using Microsoft.Build.Framework;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Inventory;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Build.Tasks;

/// <summary>
/// Writes the CycloneDX SBOM of a publish. A thin translator (docs/architecture.md practices 1–2): MSBuild items become
/// a <see cref="NuGetInventoryRequest"/>, engine failures become coded diagnostics.
/// </summary>
public sealed partial class GenerateSbom : Microsoft.Build.Utilities.Task, ICancelableTask, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    public override bool Execute()
    {
        try
        {
            // Input limits from SUPPLYGATE_MAX_INPUT_MB / SUPPLYGATE_MAX_JSON_STRING_MB (docs/limits.md), for this task only.
            using IDisposable limits = InputLimits.Use(InputLimits.FromEnvironment(new MSBuildEnvironment()));
            Run(_cancellation.Token);
        }
        catch (SupplyGateException ex)
        {
            ExceptionLog.LogErrors(Log, ex, OutputPath);
        }
        catch (OperationCanceledException)
        {
            Log.LogWarning(null, DiagnosticCode.InternalError, null, null, 0, 0, 0, 0, "SupplyGate: cancelled; no SBOM was written.");
        }

        return !Log.HasLoggedErrors;
    }

    public void Cancel() => _cancellation.Cancel();

    public void Dispose() => _cancellation.Dispose();

    private void Run(CancellationToken cancellationToken)
    {
        var phases = new TaskPhases();
        NuGetInventoryRequest request = TaskInputs.ToRequest(this);
        var options = new BomFinalizeOptions
        {
            Reproducible = Reproducible,
            Timestamp = SourceDateEpochValue(),
        };

        SbomGenerationResult result = ProjectSbom.Generate(request, options, new PackagesFolderNuspecSource(), cancellationToken);
        phases.End("inventory");
        foreach (Warning warning in result.Warnings)
        {
            Log.LogWarning(null, warning.Code, null, warning.Path ?? AssetsFile, 0, 0, 0, 0, "{0}", warning.Message);
        }

        ProjectSbom.Write(result, OutputPath);
        SharedSbom.Offer(BuildEngine, OutputPath, result.Bom, result.Content);
        phases.End("write");
        SbomPath = OutputPath;
        Log.LogMessage(
            MessageImportance.High,
            "SupplyGate: {0} components ({1} shipped) -> {2}",
            result.ComponentCount,
            result.ShippedCount,
            OutputPath);
        phases.Log(Log, nameof(GenerateSbom));
    }

    private DateTimeOffset? SourceDateEpochValue() => SupplyGate.Core.Sbom.SourceDateEpoch.Parse(SourceDateEpoch);
}
