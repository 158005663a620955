package io.github.gtespark.prep.config;

import java.io.Serializable;
import java.util.List;

/** An evaluation set to decontaminate against: TAB-separated text files, texts in the given 0-based columns. */
public record EvaluationSetSpec(String name, List<String> paths, List<Integer> columns) implements Serializable {}
