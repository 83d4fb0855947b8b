using System.CommandLine;
using Spectre.Console;
using SupplyGate.Cli.Hosting;
using SupplyGate.Cli.Inputs;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Gate;
using SupplyGate.Core.IO;
using SupplyGate.Core.Inventory;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Reporting;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Cli.Commands;

/// <summary><c>supplygate check &lt;sbom.json|project|publish-dir&gt;</c>: the gate, with exit codes 0/1/2/3.</summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input") { Description = "A CycloneDX SBOM (.json), or a project / solution / assets file / publish directory (an SBOM is built in memory first)." };
        var policy = new Option<string>("--policy") { Description = "A preset (default, strict) or a policy file.", DefaultValueFactory = _ => "default" };
        var db = new Option<string?>("--db") { Description = "Advisory store (default: $SUPPLYGATE_DB, else the user store ~/.supplygate/advisories.db, else the built-in sample data, labelled as such)." };
        var vex = new Option<string[]>("--vex") { Description = "OpenVEX or CycloneDX VEX documents (repeatable).", AllowMultipleArgumentsPerToken = true };
        var format = new Option<string>("--format") { Description = "table, json, sarif, markdown, html (one self-contained page) or cyclonedx (the SBOM with vulnerabilities: a VDR).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(ReportOutput.Formats);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of stdout." };
        var publishDir = new Option<string?>("--publish-dir") { Description = "For a project: the publish output to judge (default: its newest publish output, found through MSBuild)." };
        Option<string?> artifactsPath = SbomCommand.ArtifactsPathOption();
        var bundle = new Option<string?>("--bundle") { Description = "Judge the SBOM only if this Sigstore bundle verifies it (offline; needs --trusted-root and --certificate-identity or --key). Exit 4 if it does not." };
        var requirements = new BundleOptions();
        var command = new Command("check", "Judge an SBOM against advisories and a policy. Exit 0 pass, 1 denied, 2 error, 3 advisory data missing or stale, 4 (with --bundle) the bundle does not verify the SBOM.\n\nExample:\n  supplygate check publish/App.cdx.json --policy strict --db advisories.db --format sarif -o gate.sarif\n  supplygate check evidence/sbom.cdx.json --bundle evidence/sbom.cdx.json.sigstore.json --trusted-root trusted_root.json --certificate-identity https://ci.example.com/team/app")
        {
            input, policy, db, vex, format, output, publishDir, artifactsPath, bundle,
        };
        requirements.AddTo(command);
        command.Subcommands.Add(CreateImage(context));
        command.SetAction((parseResult, cancellationToken) => Task.FromResult((int)context.Run(() => Execute(
            context,
            new CheckOptions(
                context.ResolvePath(parseResult.GetValue(input))!,
                context.ResolvePolicy(parseResult.GetValue(policy)!),
                context.ResolvePath(parseResult.GetValue(db)),
                context.ResolvePaths(parseResult.GetValue(vex)),
                parseResult.GetValue(format)!,
                context.ResolvePath(parseResult.GetValue(output)))
            {
                PublishDir = context.ResolvePath(parseResult.GetValue(publishDir)),
                ArtifactsPath = context.ResolvePath(parseResult.GetValue(artifactsPath)),
            },
            context.ResolvePath(parseResult.GetValue(bundle)) is { } bundleFile ? (bundleFile, requirements.Read(context, parseResult, "check --bundle")) : null,
            cancellationToken))));
        return command;
    }

    private sealed record CheckOptions(string Input, string Policy, string? Db, string[] Vex, string Format, string? Output)
    {
        public string? PublishDir { get; init; }

        public string? ArtifactsPath { get; init; }
    }

    /// <summary><c>check image</c>: scan the image (as <c>sbom image</c>), then gate it, base-image rules included.</summary>
    private static Command CreateImage(CliContext context)
    {
        Argument<string> image = ImageCommands.ImageArgument();
        Option<string?> platform = ImageCommands.PlatformOption();
        Option<string?> appSbom = ImageCommands.AppSbomOption();
        var policy = new Option<string>("--policy") { Description = "A preset (default, strict) or a policy file.", DefaultValueFactory = _ => "default" };
        var db = new Option<string?>("--db") { Description = "Advisory store (default: $SUPPLYGATE_DB, else the user store ~/.supplygate/advisories.db, else the built-in sample data, labelled as such)." };
        var vex = new Option<string[]>("--vex") { Description = "OpenVEX or CycloneDX VEX documents (repeatable).", AllowMultipleArgumentsPerToken = true };
        var format = new Option<string>("--format") { Description = "table, json, sarif, markdown, html or cyclonedx.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(ReportOutput.Formats);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of stdout." };
        var command = new Command("image", "Scan an image and judge it: OS-package and NuGet advisories, base-image rules, secrets in the layers.\n\nExample:\n  supplygate check image localhost:5000/team/app:1.0 --policy strict")
        {
            image, platform, appSbom, policy, db, vex, format, output,
        };
        command.SetAction(async (parseResult, cancellationToken) => (int)await context.RunAsync(async () =>
        {
            string imageName = ImageCommands.ResolveImage(context, parseResult.GetValue(image)!);
            var options = new CheckOptions(imageName, context.ResolvePolicy(parseResult.GetValue(policy)!), context.ResolvePath(parseResult.GetValue(db)), context.ResolvePaths(parseResult.GetValue(vex)), parseResult.GetValue(format)!, context.ResolvePath(parseResult.GetValue(output)));
            string? appSbomFile = context.ResolvePath(parseResult.GetValue(appSbom));
            InputPaths.EnsureOutputDistinct(options.Output, [imageName, appSbomFile, options.Policy, options.Db, .. options.Vex]);
            ImageScanOutcome outcome = await ImageCommands.ScanAsync(context, imageName, parseResult.GetValue(platform), appSbomFile, new BomFinalizeOptions { Reproducible = true }, cancellationToken).ConfigureAwait(false);
            if (!outcome.IsIndex)
            {
                // Secrets in the layers are judged as the build judges them (the scan found them; the policy decides).
                PlatformImageScan single = outcome.Platforms[0];
                return Judge(context, single.Bom, null, null, single.Secrets, options, cancellationToken);
            }

            if (options.Output is null && options.Format is not ("table" or "markdown"))
            {
                throw new InvalidInputException(
                    DiagnosticCode.ImagePlatformsNeedFiles,
                    $"{imageName}: an index of {outcome.Platforms.Count} platforms ({ImageCommands.Platforms(outcome)}) gives one {options.Format} report per platform; write them to files (--output) or pick one with --platform");
            }

            // Every platform is judged on its own; the exit code is the worst verdict.
            ExitCode worst = ExitCode.Passed;
            foreach (PlatformImageScan scan in outcome.Platforms)
            {
                CheckOptions perPlatform = options with { Output = options.Output is null ? null : ImageScanDefaults.PerPlatformPath(options.Output, scan.Platform) };
                ExitCode verdict = Judge(context, scan.Bom, null, null, scan.Secrets, perPlatform, cancellationToken, scan.Platform);
                worst = Worse(worst, verdict);
            }

            return worst;
        }).ConfigureAwait(false));
        return command;
    }

    private static ExitCode Execute(CliContext context, CheckOptions options, (string File, BundleRequirements Requirements)? bundle, CancellationToken cancellationToken)
    {
        InputPaths.EnsureOutputDistinct(options.Output, [options.Input, options.Policy, options.Db, .. options.Vex]);
        if (bundle is { } attested)
        {
            if (!File.Exists(options.Input) || !LooksLikeCycloneDx(options.Input))
            {
                throw BundleOptions.Usage($"check --bundle judges a CycloneDX SBOM file; '{options.Input}' is not one.");
            }

            return AttestedSbom.Verify(context, options.Input, attested.File, attested.Requirements) is { } verified
                ? Judge(context, verified, null, Path.GetFullPath(options.Input), [], options, cancellationToken)
                : ExitCode.VerificationFailed;
        }

        (Bom bom, string? projectFile, string? sbomFile) = LoadBom(context, options, cancellationToken);
        string? publishDir = Directory.Exists(options.Input) ? options.Input : null;
        return Judge(context, bom, projectFile, sbomFile, PublishedSecrets.Scan(publishDir, cancellationToken), options, cancellationToken);
    }

    private static ExitCode Judge(
        CliContext context,
        Bom bom,
        string? projectFile,
        string? sbomFile,
        IReadOnlyList<Core.Secrets.SecretFinding> secrets,
        CheckOptions options,
        CancellationToken cancellationToken,
        Platform? platform = null)
    {
        PolicyDocument policy = PolicyDocument.LoadPresetOrFile(options.Policy);
        using IAdvisoryStore store = ReportOutput.OpenStore(context, options.Db);
        GateOutcome outcome = GateEvaluator.Evaluate(
            new GateRequest { Bom = bom, Policy = policy, Store = store, VexFiles = options.Vex.Select(Path.GetFullPath).ToArray(), Secrets = secrets, Time = context.Time },
            cancellationToken);
        foreach (Warning warning in outcome.Warnings)
        {
            context.Console.Warn(warning);
        }

        var report = new ReportContext
        {
            Bom = bom,
            Result = outcome.Result,
            ProjectFile = projectFile,
            PackageReferenceLines = projectFile is null ? null : PackageReferenceLocator.Read(projectFile),
            SbomFile = sbomFile,
            Platform = platform?.ToString(),
        };
        ReportOutput.Render(context, report, options.Format, options.Output);
        return (ExitCode)DecisionExitCodes.Of(outcome.Result.Decision);
    }

    /// <summary>Deny outranks stale data, which outranks pass; an input error never gets here (it throws).</summary>
    private static ExitCode Worse(ExitCode a, ExitCode b) => Rank(b) > Rank(a) ? b : a;

    private static int Rank(ExitCode code) => code switch
    {
        ExitCode.Passed => 0,
        ExitCode.DataStale => 1,
        ExitCode.PolicyDenied => 2,
        _ => 3,
    };

    private static (Bom Bom, string? ProjectFile, string? SbomFile) LoadBom(CliContext context, CheckOptions options, CancellationToken cancellationToken)
    {
        string input = options.Input;
        InputPaths.EnsureFileOrDirectory(input);
        if (File.Exists(input) && LooksLikeCycloneDx(input))
        {
            return (CycloneDxReader.ReadFile(input), null, Path.GetFullPath(input));
        }

        ResolvedInput resolved = new InputResolver(context.Environment, artifactsPath: options.ArtifactsPath).Resolve(input, options.PublishDir);
        foreach (string note in resolved.Notes)
        {
            context.Console.Info(note);
        }

        var results = resolved.Jobs
            .Select(job => ProjectSbom.Generate(job.Request, new BomFinalizeOptions { Reproducible = true }, new PackagesFolderNuspecSource(), cancellationToken))
            .ToArray();
        foreach (Warning warning in results.SelectMany(r => r.Warnings).Distinct())
        {
            context.Console.Warn(warning);
        }

        Bom bom = resolved.SolutionName is { } solution
            ? BomFinalizer.Finalize(BomMerger.Merge(solution, null, results.Select(r => r.Bom).ToArray()), new BomFinalizeOptions { Reproducible = true })
            : results[0].Bom;
        string? project = Path.GetExtension(input) is ".csproj" or ".fsproj" or ".vbproj" ? Path.GetFullPath(input) : null;
        return (bom, project, null);
    }

    /// <summary>A .json input is an SBOM when it says so; anything else (project.assets.json) is an inventory input.</summary>
    private static bool LooksLikeCycloneDx(string path)
    {
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        using var reader = new StreamReader(InputFile.OpenRead(path, InputKind.Sbom, DiagnosticCode.BomInvalid));
        char[] head = new char[4096];
        int read = reader.Read(head, 0, head.Length);
        return new string(head, 0, read).Contains("\"bomFormat\"", StringComparison.Ordinal);
    }
}
