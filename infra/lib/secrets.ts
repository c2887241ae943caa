/**
 * Secrets: the functions read the Slack bot token and each tenant's Freshservice connection from Secrets
 * Manager at run time. The stack creates no secret value: the template holds names and ARNs only.
 */
import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface BatonSecretsProps {
  /** Tenant `t`'s Freshservice connection is the secret `<prefix>t`, holding `{domain, apiKey}`. */
  readonly freshserviceSecretPrefix: string;
  /** The Slack bot token's secret, by name or complete ARN. @default none: Slack is not used */
  readonly slackTokenSecret?: string;
}

export class BatonSecrets extends Construct {
  /** What the functions are told: the prefix, and the Slack secret when there is one. */
  readonly environment: Record<string, string>;
  private readonly resources: string[];
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: BatonSecretsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.prefix = props.freshserviceSecretPrefix;
    // Secrets Manager appends '-' and six random characters to every secret's ARN: a name alone matches with '-??????'.
    const secretArn = (resourceName: string) => stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.resources = [secretArn(`${props.freshserviceSecretPrefix}*`)];
    this.environment = { FRESHSERVICE_SECRET_PREFIX: props.freshserviceSecretPrefix };
    if (props.slackTokenSecret) {
      this.resources.push(props.slackTokenSecret.startsWith('arn:') ? props.slackTokenSecret : secretArn(`${props.slackTokenSecret}-??????`));
      this.environment.SLACK_TOKEN_SECRET_ARN = props.slackTokenSecret;
    }
  }

  /** GetSecretValue on these secrets only (the code calls nothing else; AWS-managed encryption needs no KMS grant). */
  grantRead(grantee: IGrantable & Construct): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: this.resources }));
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${this.prefix}*]`,
      reason: 'Tenants are added after deploy, each with its own Freshservice secret: the grant covers the prefix and nothing wider.',
    });
  }
}
