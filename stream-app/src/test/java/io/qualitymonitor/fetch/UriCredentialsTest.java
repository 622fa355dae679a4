package io.qualitymonitor.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UriCredentialsTest {

    @Test
    void shouldRemoveUserInfoFromEveryUriInAText() {
        String message =
                "HTTP 404 Not Found from https://alice:s3cret@cdn.example.com/a@b.jpg after"
                        + " ftp://bob@host:21/x";
        assertThat(UriCredentials.strip(message))
                .isEqualTo(
                        "HTTP 404 Not Found from https://cdn.example.com/a@b.jpg after"
                                + " ftp://host:21/x")
                .doesNotContain("s3cret")
                .doesNotContain("bob");
    }

    @Test
    void shouldLeaveTextsWithoutUserInfoAlone() {
        assertThat(UriCredentials.strip("https://cdn.example.com/a.jpg?by=me@x"))
                .isEqualTo("https://cdn.example.com/a.jpg?by=me@x");
        assertThat(UriCredentials.strip("mail me@example.com")).isEqualTo("mail me@example.com");
        assertThat(UriCredentials.strip(null)).isNull();
    }
}
