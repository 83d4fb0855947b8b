using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SupplyGate.Core.Admission;

// Lists PODS synthetic pods (each a copy of the first pod of tests/Fixtures/kubernetes/podlist-page1.json with its
// own name, namespace, ReplicaSet and image digest) from a loopback HTTP server that pages them as the API server
// does (limit/continue), with the service's own KubernetesPodLister, RUNS times. Prints tab-separated rows:
//   page   <pods> <pageSize> <pages> <bytes>
//   list   <run> <ms> <containers> <allocatedMB>
//   memory <workingSetMB>
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: PodListBench <podlist-page1.json> <pods> <pageSize> <runs>");
    return 2;
}

string fixture = args[0];
int podCount = int.Parse(args[1], CultureInfo.InvariantCulture);
int pageSize = int.Parse(args[2], CultureInfo.InvariantCulture);
int runs = int.Parse(args[3], CultureInfo.InvariantCulture);

JsonNode template = JsonNode.Parse(File.ReadAllText(fixture))!["items"]![0]!;
var pods = new List<string>(podCount);
for (int i = 0; i < podCount; i++)
{
    JsonNode pod = template.DeepClone();
    string ns = $"team-{i % 50:D2}";
    string rs = $"app{i % 400:D3}-7d9c5b8f4d";
    pod["metadata"]!["name"] = $"{rs}-{i:D5}";
    pod["metadata"]!["namespace"] = ns;
    pod["metadata"]!["ownerReferences"]![0]!["name"] = rs;
    foreach (JsonNode? status in pod["status"]!["containerStatuses"]!.AsArray())
    {
        string digest = "sha256:" + (i % 2000).ToString("x64", CultureInfo.InvariantCulture);
        status!["imageID"] = $"docker-pullable://registry.example/{ns}/app{i % 400:D3}@{digest}";
        status["image"] = $"registry.example/{ns}/app{i % 400:D3}:1.0";
    }

    pods.Add(pod.ToJsonString());
}

var pages = new List<byte[]>();
for (int start = 0; start < podCount; start += pageSize)
{
    int end = Math.Min(podCount, start + pageSize);
    string next = end < podCount ? $"\"continue\":\"page-{pages.Count + 1}\"," : string.Empty;
    pages.Add(Encoding.UTF8.GetBytes($"{{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{{{next}\"resourceVersion\":\"1\"}},\"items\":[{string.Join(',', pods.Skip(start).Take(end - start))}]}}"));
}

Console.WriteLine(string.Join('\t', "page", podCount, pageSize, pages.Count, pages.Sum(p => (long)p.Length)));

int port = FreePort();
using var listener = new HttpListener();
listener.Prefixes.Add($"http://127.0.0.1:{port}/");
listener.Start();
using var stop = new CancellationTokenSource();
Task serving = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        HttpListenerContext context;
        try
        {
            context = await listener.GetContextAsync();
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            return;
        }

        string? token = context.Request.QueryString["continue"];
        int index = token is null ? 0 : int.Parse(token["page-".Length..], CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = pages[index].Length;
        await context.Response.OutputStream.WriteAsync(pages[index]);
        context.Response.Close();
    }
});

string tokenFile = Path.GetTempFileName();
File.WriteAllText(tokenFile, "bench-token");
try
{
    using var http = new HttpClient();
    var lister = new KubernetesPodLister(http, new KubernetesApi(new Uri($"http://127.0.0.1:{port}/"), tokenFile), new KubernetesInventory { Enabled = true, PageSize = pageSize, MaxPods = podCount + 1 });
    for (int run = 1; run <= runs; run++)
    {
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        RunningPods listed = await lister.ListAsync(CancellationToken.None);
        clock.Stop();
        if (listed.Pods != podCount)
        {
            Console.Error.WriteLine($"listed {listed.Pods} pods, expected {podCount}");
            return 1;
        }

        // The workload of every container, as the inventory names them (the part of a sync that is not the registry).
        int workloads = listed.Containers.Select(c => c.Workload).Distinct().Count();
        Console.WriteLine(string.Join('\t', "list", run, clock.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture), listed.Containers.Count, workloads,
            ((GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture)));
    }

    Console.WriteLine(string.Join('\t', "memory", (Environment.WorkingSet / 1048576.0).ToString("0", CultureInfo.InvariantCulture)));
}
finally
{
    stop.Cancel();
    listener.Stop();
    File.Delete(tokenFile);
}

return 0;

static int FreePort()
{
    using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    socket.Start();
    return ((IPEndPoint)socket.LocalEndpoint).Port;
}
