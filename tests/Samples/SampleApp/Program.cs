using Newtonsoft.Json;

// The app references Microsoft.Data.SqlClient without using it yet (a common real-world leftover): it
// still ships, with its transitive packages, which is exactly what the SBOM and the gate must see. The
// demo's "fix" removes the reference, since no fixed SqlClient version restores from this machine's feed.
Console.WriteLine(SampleLib.Greeter.Greet("SupplyGate"));
Console.WriteLine(JsonConvert.SerializeObject(new { app = "SampleApp", runtime = Environment.Version.ToString() }));
Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { framework = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription }));
