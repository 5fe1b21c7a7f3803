using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Turtle.Actors.Invocation;
using Turtle.Actors.Manifest;
using Turtle.Actors.Serialization;

namespace Turtle.Actors.Benchmarks;

/// <summary>
/// The codec decision, measured: encoding and decoding a call's arguments with the generated binary codec
/// (ValueCodec) against System.Text.Json with a source-generated context, for the same call
/// <c>Record("dc1/udm-pro/cpu", 42)</c>, in one run.
/// </summary>
internal static class CodecBenchmark
{
    private const int Iterations = 2_000_000;

    public static void Run()
    {
        var manifest = new GrainTypeManifest();
        manifest.AddAssembly(typeof(BenchGrain).Assembly);
        var capture = new Capture();
        var grain = (IBenchGrain)manifest.CreateReference(typeof(IBenchGrain), new GrainId("bench", "1"), capture);
        _ = grain.Record("dc1/udm-pro/cpu", 42);
        var request = capture.Request!;
        var interfaceId = InterfaceIds.Get(typeof(IBenchGrain));

        using var writer = new MessageWriter();
        var reader = new MessageReader(ReadOnlyMemory<byte>.Empty);
        var binaryBytes = 0;
        var binary = Measure(() =>
        {
            writer.Reset();
            request.WriteArguments(writer);
            binaryBytes = writer.Length;
            reader.Reset(writer.WrittenMemory);
            manifest.CreateRequest(interfaceId, request.MethodId).ReadArguments(reader);
        });

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        var jsonWriter = new Utf8JsonWriter(buffer);
        var message = new RecordArguments("dc1/udm-pro/cpu", 42);
        var jsonBytes = 0;
        var json = Measure(() =>
        {
            buffer.ResetWrittenCount();
            jsonWriter.Reset(buffer);
            JsonSerializer.Serialize(jsonWriter, message, CodecJsonContext.Default.RecordArguments);
            jsonBytes = buffer.WrittenCount;
            _ = JsonSerializer.Deserialize(buffer.WrittenSpan, CodecJsonContext.Default.RecordArguments);
        });

        Figures.Print("codec_binary_round_trip", binary, "ns");
        Figures.Print("codec_binary_bytes", binaryBytes, "bytes");
        Figures.Print("codec_stj_sourcegen_round_trip", json, "ns");
        Figures.Print("codec_stj_sourcegen_bytes", jsonBytes, "bytes");
        Figures.Print("codec_stj_to_binary_time_ratio", json / binary, "ratio");
    }

    private static double Measure(Action roundTrip)
    {
        for (var i = 0; i < Iterations / 10; i++)
        {
            roundTrip();
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            roundTrip();
        }

        return clock.Elapsed.TotalNanoseconds / Iterations;
    }

    private sealed class Capture : IGrainCallInvoker
    {
        public GrainRequest? Request { get; private set; }

        public IGrainFactory GrainFactory => throw new NotSupportedException();

        public void Invoke(GrainReference target, GrainRequest request) => Request = request;
    }
}

internal sealed record RecordArguments(string Entry, int Amount);

[JsonSerializable(typeof(RecordArguments))]
internal sealed partial class CodecJsonContext : JsonSerializerContext;
