package io.describer.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Describes the videos dropped into {@code describer.example.input}: the route is {@code camel/describe-folder.camel.yaml},
 * the component is configured by {@code camel.component.describer.*} in {@code application.properties}, and
 * {@code /actuator/health} shows the describer checks. Nothing describer-specific is wired in Java.
 */
@SpringBootApplication
public class DescriberBootApplication {

    public static void main(String[] args) {
        SpringApplication.run(DescriberBootApplication.class, args);
    }
}
