/**
 * What the offline tools share with the command line: a progress display and the exception for
 * options their input cannot satisfy. The tools themselves live in the sub-packages.
 */
package io.qualitymonitor.tools;
