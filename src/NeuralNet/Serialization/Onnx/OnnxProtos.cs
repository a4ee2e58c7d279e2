using System.Buffers.Binary;
using Google.Protobuf;

namespace NeuralNet.Serialization.Onnx;

/// <summary>Small factories for the ONNX messages an export is made of.</summary>
internal static class OnnxProtos
{
    /// <summary>A float32 initializer of shape <paramref name="dims"/> whose values, in row-major order, go to raw_data.</summary>
    public static TensorProto Tensor(string name, ReadOnlySpan<float> values, long[] dims)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]); // ONNX raw_data is little-endian
        }

        var tensor = new TensorProto
        {
            Name = name,
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(bytes),
        };
        tensor.Dims.Add(dims);
        return tensor;
    }

    /// <summary>An int64 initializer of shape [values.Length], such as Reshape's target shape.</summary>
    public static TensorProto Int64Tensor(string name, ReadOnlySpan<long> values)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        }

        var tensor = new TensorProto
        {
            Name = name,
            DataType = (int)TensorProto.Types.DataType.Int64,
            RawData = ByteString.CopyFrom(bytes),
        };
        tensor.Dims.Add(values.Length);
        return tensor;
    }

    /// <summary>A node of the default domain with one output.</summary>
    public static NodeProto Node(string opType, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(output);
        return node;
    }

    /// <summary>An INT attribute.</summary>
    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An INTS attribute, such as <c>kernel_shape</c>.</summary>
    public static AttributeProto IntsAttribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    /// <summary>A FLOAT attribute; its value field is written even when it is 0.</summary>
    public static AttributeProto FloatAttribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A float32 tensor of shape [N, <paramref name="features"/>] with the batch dimension symbolic.</summary>
    public static ValueInfoProto TensorValue(string name, int features)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = OnnxExporter.BatchDimension });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = features });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }
}
