using System.CommandLine;
using SupplyGate.Cli.Hosting;
using SupplyGate.Cli.Inputs;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Cli.Commands;

/// <summary><c>supplygate sbom &lt;project|solution|assets|publish-dir&gt;</c>: writes CycloneDX 1.6.</summary>
internal static class SbomCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input")
        {
            Description = "A project (.csproj), a solution (.sln/.slnx), a project.assets.json or a publish directory. Uses the existing obj/ and publish output; never restores.",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Where to write the SBOM ('-' = stdout). For a solution without --merge: a directory. Default: <name>.cdx.json in the current directory.",
        };
        var reproducible = new Option<bool>("--reproducible")
        {
            Description = "Derive the serial number from the content; timestamp from SOURCE_DATE_EPOCH (omitted when unset). Same inputs, same bytes.",
        };
        var merge = new Option<bool>("--merge")
        {
            Description = "For a solution: one SBOM for all published projects, keeping each project's dependency graph.",
        };
        var publishDir = new Option<string?>("--publish-dir")
        {
            Description = "The publish output to describe (default: the newest publish output of the project, found through MSBuild: PublishDir, artifacts/publish/<project>/*, bin/**/publish).",
        };
        Option<string?> artifactsPath = ArtifactsPathOption();

        var command = new Command("sbom", "Write a CycloneDX 1.6 SBOM of exactly what a publish ships.\n\nExample:\n  supplygate sbom src/App/App.csproj -o app.cdx.json --reproducible")
        {
            input, output, reproducible, merge, publishDir, artifactsPath,
        };
        command.Subcommands.Add(ImageCommands.CreateSbom(context));
        command.SetAction((parseResult, cancellationToken) => Task.FromResult((int)context.Run(() => Execute(
            context,
            context.ResolvePath(parseResult.GetValue(input))!,
            context.ResolvePath(parseResult.GetValue(output)),
            parseResult.GetValue(reproducible),
            parseResult.GetValue(merge),
            context.ResolvePath(parseResult.GetValue(publishDir)),
            context.ResolvePath(parseResult.GetValue(artifactsPath)),
            cancellationToken))));
        return command;
    }

    private static ExitCode Execute(
        CliContext context,
        string input,
        string? output,
        bool reproducible,
        bool merge,
        string? publishDir,
        string? artifactsPath,
        CancellationToken cancellationToken)
    {
        InputPaths.EnsureOutputDistinct(output, [input]);
        ResolvedInput resolved = new InputResolver(context.Environment, artifactsPath: artifactsPath).Resolve(input, publishDir);
        foreach (string note in resolved.Notes)
        {
            context.Console.Info(note);
        }

        // Every file an SBOM is made from; no output may replace one (checked before anything is written).
        string?[] inputs = [.. resolved.Jobs.SelectMany(j => new[] { j.Request.AssetsFilePath, j.Request.PublishDepsFilePath, j.Request.RuntimeConfigFilePath })];
        var options = new BomFinalizeOptions
        {
            Reproducible = reproducible,
            Timestamp = SourceDateEpoch.Parse(context.Environment.GetVariable("SOURCE_DATE_EPOCH"))
                ?? (reproducible ? null : context.Time.GetUtcNow()),
        };
        var nuspecs = new PackagesFolderNuspecSource();
        var results = resolved.Jobs
            .Select(job => (job.Name, Result: ProjectSbom.Generate(job.Request, options, nuspecs, cancellationToken)))
            .ToArray();
        foreach (Warning warning in results.SelectMany(r => r.Result.Warnings).Distinct())
        {
            context.Console.Warn(warning);
        }

        if (resolved.SolutionName is { } solution && merge)
        {
            Bom merged = BomFinalizer.Finalize(BomMerger.Merge(solution, null, results.Select(r => r.Result.Bom).ToArray()), options);
            var mergedResult = new SbomGenerationResult(merged, CycloneDxWriter.ToUtf8Bytes(merged), []);
            Emit(context, mergedResult, output ?? context.ResolvePath($"{solution}.cdx.json")!, inputs);
            return ExitCode.Passed;
        }

        if (resolved.SolutionName is not null)
        {
            string directory = output ?? context.ResolvePath(".")!;
            foreach ((string name, SbomGenerationResult result) in results)
            {
                Emit(context, result, Path.Combine(directory, $"{name}.cdx.json"), inputs);
            }

            return ExitCode.Passed;
        }

        (string single, SbomGenerationResult only) = results[0];
        Emit(context, only, output ?? context.ResolvePath($"{single}.cdx.json")!, inputs);
        return ExitCode.Passed;
    }

    /// <summary>The same option as <c>dotnet publish --artifacts-path</c>: the artifacts root the publish used.</summary>
    internal static Option<string?> ArtifactsPathOption() => new("--artifacts-path")
    {
        Description = "The artifacts root given to dotnet publish --artifacts-path (the outputs are looked for in <path>/obj/<project> and <path>/publish/<project>/*).",
    };

    private static void Emit(CliContext context, SbomGenerationResult result, string path, IReadOnlyList<string?> inputs)
    {
        InputPaths.EnsureOutputDistinct(path, inputs);
        if (path == "-")
        {
            using Stream stdout = Console.OpenStandardOutput();
            stdout.Write(result.Content);
            return;
        }

        ProjectSbom.Write(result, path);
        context.Console.Info($"SupplyGate: {result.ComponentCount} components ({result.ShippedCount} shipped) -> {path}");
    }
}
