using System.CommandLine;
using Spectre.Console;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Sources;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// <c>supplygate sbom image</c> and <c>supplygate check image</c>: an image from a registry, an OCI layout
/// directory, an oci-archive tar (what ContainerArchiveOutputPath writes) or a docker-save tar.
/// </summary>
internal static class ImageCommands
{
    public static Argument<string> ImageArgument() => new("image")
    {
        Description = "A registry reference (localhost:5000/team/app:1.0, …@sha256:…), an OCI layout directory, an oci-archive or docker-save tar.",
    };

    public static Option<string?> PlatformOption() => new("--platform") { Description = "os/arch[/variant]: scan only this platform of an image index (default: every platform)." };

    public static Option<string?> AppSbomOption() => new("--app-sbom") { Description = "The build's SBOM of the app in the image (richer NuGet data: licenses, hashes, what was not shipped)." };

    public static Command CreateSbom(CliContext context)
    {
        Argument<string> image = ImageArgument();
        Option<string?> platform = PlatformOption();
        Option<string?> appSbom = AppSbomOption();
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the SBOM ('-' = stdout). Default: image.cdx.json. An index of several platforms gives one file per platform: image.linux-arm64.cdx.json." };
        var reproducible = new Option<bool>("--reproducible") { Description = "Content-derived serial number; timestamp from SOURCE_DATE_EPOCH (omitted when unset)." };
        var command = new Command("image", "Write a CycloneDX 1.6 SBOM of a container image: OS packages, .NET runtimes and apps, each with its layer. An image index is scanned for every platform (one SBOM each) unless --platform picks one.\n\nExample:\n  supplygate sbom image localhost:5000/team/app:1.0 -o app.image.cdx.json")
        {
            image, platform, appSbom, output, reproducible,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            ExitCode exit = await context.RunAsync(async () =>
            {
                string path = context.ResolvePath(parseResult.GetValue(output) ?? "image.cdx.json")!;
                string imageName = ResolveImage(context, parseResult.GetValue(image)!);
                string? appSbomFile = context.ResolvePath(parseResult.GetValue(appSbom));
                Inputs.InputPaths.EnsureOutputDistinct(path, [imageName, appSbomFile]);
                bool reproducibleBom = parseResult.GetValue(reproducible);
                var finalize = new BomFinalizeOptions
                {
                    Reproducible = reproducibleBom,
                    Timestamp = SourceDateEpoch.Parse(context.Environment.GetVariable("SOURCE_DATE_EPOCH")) ?? (reproducibleBom ? null : context.Time.GetUtcNow()),
                };
                ImageScanOutcome outcome = await ScanAsync(context, imageName, parseResult.GetValue(platform), appSbomFile, finalize, cancellationToken).ConfigureAwait(false);
                if (path == "-" && outcome.Platforms.Count > 1)
                {
                    throw new InvalidInputException(
                        DiagnosticCode.ImagePlatformsNeedFiles,
                        $"{parseResult.GetValue(image)}: an index of {outcome.Platforms.Count} platforms ({Platforms(outcome)}) gives one SBOM per platform; write them to files (--output) or pick one with --platform");
                }

                foreach (PlatformImageScan scan in outcome.Platforms)
                {
                    Bom bom = scan.Bom;
                    byte[] bytes = CycloneDxWriter.ToUtf8Bytes(bom);
                    if (path == "-")
                    {
                        context.Console.Output.Write(System.Text.Encoding.UTF8.GetString(bytes));
                        continue;
                    }

                    string file = outcome.IsIndex ? ImageScanDefaults.PerPlatformPath(path, scan.Platform) : path;
                    Core.IO.AtomicFile.WriteAllBytes(file, bytes);
                    string platformNote = outcome.IsIndex ? $" {scan.Platform}" : string.Empty;
                    context.Console.Info($"SupplyGate: image {bom.Metadata?.Component?.Name}@{bom.Metadata?.Component?.Version}{platformNote} ({scan.Result.Scan.Layers.Count} layers): {bom.Components.Count} components -> {file}");
                }

                return ExitCode.Passed;
            }).ConfigureAwait(false);
            return (int)exit;
        });
        return command;
    }

    /// <summary>
    /// The image argument with a local layout or archive path resolved against the working directory (also behind
    /// skopeo's <c>oci:</c>, <c>oci-archive:</c> and <c>docker-archive:</c> prefixes); a registry reference, and a
    /// path that exists nowhere, stay as given (<see cref="ImageSources.Open"/> decides which is which).
    /// </summary>
    public static string ResolveImage(CliContext context, string image)
    {
        foreach (string transport in (string[])["oci:", "oci-archive:", "docker-archive:"])
        {
            if (image.StartsWith(transport, StringComparison.Ordinal) && image.Length > transport.Length)
            {
                return transport + context.ResolvePath(image[transport.Length..]);
            }
        }

        if (image.StartsWith("docker://", StringComparison.Ordinal) || context.ResolvePath(image) is not { } resolved || resolved == image)
        {
            return image;
        }

        static bool Exists(string path) => Directory.Exists(path) || File.Exists(path);
        int colon = resolved.LastIndexOf(':');
        return Exists(resolved) || (colon > 0 && Exists(resolved[..colon])) ? resolved : image;
    }

    /// <summary>"linux/amd64, linux/arm64".</summary>
    public static string Platforms(ImageScanOutcome outcome) => string.Join(", ", outcome.Platforms.Select(p => p.Platform.ToString()));

    /// <summary>Runs the image-scan workflow, with a spinner on a terminal (never in redirected output or with NO_COLOR).</summary>
    public static async Task<ImageScanOutcome> ScanAsync(CliContext context, string image, string? platform, string? appSbomPath, BomFinalizeOptions finalize, CancellationToken cancellationToken)
    {
        Bom? appSbom = appSbomPath is null ? null : CycloneDxReader.ReadFile(appSbomPath);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        // One folder per scan, not per process: two scans in one process (a service) must not delete each other's work.
        string work = Path.Combine(Path.GetTempPath(), $"supplygate-{Environment.ProcessId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}");
        var request = new ImageScanRequest
        {
            Image = image,
            AppSbom = appSbom,
            Platform = Platform.ParseOptional(platform, "--platform"),
            WorkDirectory = work,
            CacheDirectory = ImageScanDefaults.LayerCacheDirectory(context.Environment),
            Finalize = finalize,
            Environment = context.Environment,
            HttpClient = http,
        };
        try
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            ImageScanOutcome outcome;
            if (TerminalConsole.IsInteractive(context.Environment) && !context.Console.Quiet)
            {
                // One bar per layer, in compressed bytes: the download is what takes time on a real registry.
                outcome = await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn())
                    .StartAsync(async progress =>
                    {
                        var bars = new Dictionary<Digest, ProgressTask>();
                        void Report(LayerReadProgress p)
                        {
                            lock (bars)
                            {
                                if (!bars.TryGetValue(p.Digest, out ProgressTask? bar))
                                {
                                    bars[p.Digest] = bar = progress.AddTask($"layer {p.Index + 1} {p.Digest.Encoded[..12]}", maxValue: Math.Max(1, p.TotalBytes));
                                }

                                bar.Value = p.BytesRead;
                                if (p.Done)
                                {
                                    bar.Description = $"layer {p.Index + 1} {p.Digest.Encoded[..12]}{(p.FromCache ? " (cached)" : string.Empty)}";
                                    bar.StopTask();
                                }
                            }
                        }

                        return await ImageScan.RunAsync(request with { Progress = new SynchronousProgress<LayerReadProgress>(Report) }, cancellationToken).ConfigureAwait(false);
                    }).ConfigureAwait(false);
            }
            else
            {
                outcome = await ImageScan.RunAsync(request, cancellationToken).ConfigureAwait(false);
            }

            foreach (Warning warning in outcome.Warnings)
            {
                context.Console.Warn(warning);
            }

            if (context.Console.Verbose)
            {
                TimeSpan elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                int layers = outcome.Platforms.Sum(p => p.Result.Scan.Layers.Count);
                int cached = outcome.Platforms.Sum(p => p.Result.Scan.Layers.Count(l => l.FromCache));
                context.Console.Error.WriteLine($"scan: {elapsed.TotalMilliseconds:F0} ms in process, {cached}/{layers} layers from the cache");
            }

            return outcome;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to a synchronization context).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
