/**
 * The port-budget arithmetic, without containers: how many connections a range of ephemeral ports allows per minute
 * ({@link dev.portex.budget.PortBudget}), when a rate runs it out and at which document
 * ({@link dev.portex.budget.Prediction}), and what a measured run projects to at a production rate and range
 * ({@link dev.portex.budget.Projection}). Records validate their input; each error names the fix.
 *
 * <p>Public API: kept compatible within a major version. {@code dev.portex.internal} is not.
 */
package dev.portex.budget;
