using Microsoft.Data.SqlClient;
using Newtonsoft.Json;

var builder = new SqlConnectionStringBuilder { DataSource = "localhost", InitialCatalog = "demo" };
Console.WriteLine(SampleLib.Greeter.Greet("SupplyGate"));
Console.WriteLine(JsonConvert.SerializeObject(new { builder.DataSource, builder.InitialCatalog }));
Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { runtime = Environment.Version.ToString() }));
