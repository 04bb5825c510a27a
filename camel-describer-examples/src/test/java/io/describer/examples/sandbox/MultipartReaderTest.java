package io.describer.examples.sandbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming multipart reader: parts, headers, delimiters split across reads, look-alike bytes in a file. */
class MultipartReaderTest {

    private static final String B = "xYz123";

    @Test
    void readsFieldsAndBinaryFileEvenOneByteAtATime() throws IOException {
        byte[] file = new byte[200_000];
        new Random(1).nextBytes(file);
        // bytes that look like the start of a delimiter must stay data
        byte[] lookAlike = ("\r\n--" + B.substring(0, 4)).getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(lookAlike, 0, file, 1000, lookAlike.length);
        byte[] body = body(file);

        for (boolean trickle : new boolean[] {false, true}) {
            InputStream in = new ByteArrayInputStream(body);
            MultipartReader reader = new MultipartReader(trickle ? oneByteAtATime(in) : in, B);

            MultipartReader.Part input = reader.next();
            assertThat(input.name()).isEqualTo("input");
            assertThat(input.filename()).isNull();
            assertThat(input.text(1000)).isEqualTo("{\"type\":\"file\"}");

            MultipartReader.Part filePart = reader.next();
            assertThat(filePart.name()).isEqualTo("file");
            assertThat(filePart.filename()).isEqualTo("my \"clip\".mp4");
            assertThat(filePart.contentType()).isEqualTo("video/mp4");
            assertThat(filePart.body().readAllBytes()).isEqualTo(file);

            MultipartReader.Part config = reader.next();
            assertThat(config.name()).isEqualTo("generation_config");
            // not read: next() must skip it
            assertThat(reader.next()).isNull();
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void truncatedBodyFails() throws IOException {
        byte[] body = body(new byte[5000]);
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 200);
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(cut), B);
        reader.next();
        MultipartReader.Part file = reader.next();
        assertThatThrownBy(() -> file.body().readAllBytes()).isInstanceOf(IOException.class);
    }

    @Test
    void boundaryParameterMayBeQuoted() {
        assertThat(MultipartReader.boundary("multipart/form-data; boundary=\"a b\""))
                .isEqualTo("a b");
        assertThat(MultipartReader.boundary("multipart/form-data; charset=UTF-8; BOUNDARY=abc"))
                .isEqualTo("abc");
        assertThat(MultipartReader.boundary("multipart/form-data")).isNull();
    }

    private static byte[] body(byte[] file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("preamble to ignore\r\n--" + B + "\r\n"
                        + "Content-Disposition: form-data; name=\"input\"\r\n\r\n{\"type\":\"file\"}\r\n--" + B + "\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\"my \\\"clip\\\".mp4\"\r\n"
                        + "Content-Type: video/mp4\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.write(file);
        out.write(("\r\n--" + B + "\r\nContent-Disposition: form-data; name=\"generation_config\"\r\n\r\n"
                        + "{\"format\":\"vtt\"}\r\n--" + B + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static InputStream oneByteAtATime(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(1, len));
            }
        };
    }
}
