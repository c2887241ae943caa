/** The CDK app: one Baton stack for the stage named in context, checked by cdk-nag's AWS Solutions rules on every synth. */
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BatonStack } from './baton-stack.js';
import { readStackConfig, stageNames } from './config.js';

/**
 * @example const { stack } = createBatonApp({ context: { stage: 'prod' } }); // what infra/bin/baton.ts runs
 */
export function createBatonApp(props: AppProps = {}): { app: App; stack: BatonStack } {
  const app = new App(props);
  const config = readStackConfig((key) => app.node.tryGetContext(key));
  // Environment-agnostic: the same template offline and at deploy; the account and Region come from the credentials then.
  const stack = new BatonStack(app, stageNames(config.stage).stack, { config });
  // A finding not acknowledged (with its reason, next to the resource) stops the synth; the template records each acknowledgement.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
  return { app, stack };
}
