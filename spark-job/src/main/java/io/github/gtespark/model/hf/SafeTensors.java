package io.github.gtespark.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gtespark.model.BertWeights;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors file format (Hugging Face): an 8-byte little-endian header length {@code N}, a UTF-8 JSON header
 * of {@code N} bytes mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets
 * relative to the byte after the header; plus an optional {@code "__metadata__"} string map), then the raw
 * little-endian, row-major tensor data. Writes F32; reads F32, F16 and BF16 (widened to fp32).
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensors() {}

    /** Writes {@code tensors} as F32 in map order (header padded with spaces to a multiple of 8 bytes). */
    public static void write(Map<String, BertWeights.Tensor> tensors, OutputStream out) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, BertWeights.Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long s : e.getValue().shape()) {
                shape.add(s);
            }
            long bytes = 4L * e.getValue().data().length;
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        out.write(len.array());
        out.write(headerBytes);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (BertWeights.Tensor t : tensors.values()) {
            for (float v : t.data()) {
                if (!chunk.hasRemaining()) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                chunk.putFloat(v);
            }
        }
        out.write(chunk.array(), 0, chunk.position());
        out.flush();
    }

    /** Reads every tensor of a safetensors stream (not closed), in header order. */
    public static LinkedHashMap<String, BertWeights.Tensor> read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] lenBytes = new byte[8];
        data.readFully(lenBytes);
        long headerLength =
                ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength <= 0 || headerLength > 100_000_000L) {
            throw new IOException("Not a safetensors file: header length " + headerLength);
        }
        byte[] headerBytes = new byte[(int) headerLength];
        data.readFully(headerBytes);
        JsonNode header = JSON.readTree(new String(headerBytes, StandardCharsets.UTF_8));
        record Entry(String name, String dtype, long[] shape, long begin, long end) {}
        java.util.List<Entry> entries = new java.util.ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode shapeNode = e.getValue().path("shape");
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong();
            }
            JsonNode off = e.getValue().path("data_offsets");
            entries.add(new Entry(
                    e.getKey(),
                    e.getValue().path("dtype").asText(),
                    shape,
                    off.get(0).asLong(),
                    off.get(1).asLong()));
        }
        entries.sort((a, b) -> Long.compare(a.begin(), b.begin()));
        LinkedHashMap<String, BertWeights.Tensor> byOffset = new LinkedHashMap<>();
        long position = 0;
        for (Entry e : entries) {
            if (e.begin() < position) {
                throw new IOException("safetensors tensors overlap at " + e.name());
            }
            data.skipNBytes(e.begin() - position);
            long size = e.end() - e.begin();
            byte[] raw = new byte[Math.toIntExact(size)];
            data.readFully(raw);
            position = e.end();
            byOffset.put(e.name(), decode(e.name(), e.dtype(), e.shape(), raw));
        }
        LinkedHashMap<String, BertWeights.Tensor> inHeaderOrder = new LinkedHashMap<>();
        for (Iterator<String> it = header.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (byOffset.containsKey(name)) {
                inHeaderOrder.put(name, byOffset.get(name));
            }
        }
        return inHeaderOrder;
    }

    /** IEEE 754 binary16 to binary32. */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static BertWeights.Tensor decode(String name, String dtype, long[] shape, byte[] raw) throws IOException {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[Math.toIntExact(n)];
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default ->
                throw new IOException(
                        "Tensor " + name + " has unsupported dtype " + dtype + " (supported: F32, F16, BF16)");
        };
        if ((long) width * n != raw.length) {
            throw new IOException("Tensor " + name + ": " + raw.length + " bytes for shape " + Arrays.toString(shape)
                    + " of " + dtype);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case "F32" -> b.getFloat();
                case "F16" -> halfToFloat(b.getShort());
                default -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
            };
        }
        return new BertWeights.Tensor(shape, out);
    }
}
