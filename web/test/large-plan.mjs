// Writes a Terraform plan JSON of about `targetBytes` made of `aws_instance` resource changes,
// for the large-input test and for trying the page by hand:
//   node web/test/large-plan.mjs OUT.json [MEGABYTES]
// Every third instance requires tokens (pass), every third leaves them optional (fail) and
// every third takes `http_tokens` from a value known only after apply (unknown).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';

/** The status each generated instance must get, by index. */
export function expectedStatus(i) {
  return ['pass', 'fail', 'unknown'][i % 3];
}

function instance(i) {
  const tokens = expectedStatus(i) === 'pass' ? 'required' : expectedStatus(i) === 'fail' ? 'optional' : null;
  const after = {
    ami: 'ami-0ff8a91507f77f867',
    instance_type: 't3.micro',
    associate_public_ip_address: false,
    availability_zone: 'us-east-1a',
    subnet_id: `subnet-${String(i).padStart(8, '0')}`,
    vpc_security_group_ids: ['sg-5277e14a'],
    tags: { Name: `web-${i}`, Team: 'platform', CostCenter: 'cc-1234', Environment: 'production' },
    user_data: '#!/bin/bash\necho hello from instance ' + i + '\n'.padEnd(200, '#'),
    root_block_device: [{ delete_on_termination: true, encrypted: true, volume_size: 20, volume_type: 'gp3' }],
    metadata_options: [{ http_endpoint: 'enabled', http_put_response_hop_limit: 1, http_tokens: tokens }],
  };
  const afterUnknown = { arn: true, id: true, private_ip: true, public_ip: true };
  if (tokens === null) afterUnknown.metadata_options = [{ http_tokens: true }];
  return {
    address: `aws_instance.web[${i}]`,
    mode: 'managed',
    type: 'aws_instance',
    name: 'web',
    index: i,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
  };
}

/** Writes the plan and resolves to the number of instances in it. */
export async function writeLargePlan(path, targetBytes) {
  const out = createWriteStream(path);
  const write = async (s) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('{"format_version":"1.2","terraform_version":"1.9.5","resource_changes":[\n');
  let bytes = 0;
  let n = 0;
  while (bytes < targetBytes) {
    const s = (n ? ',\n' : '') + JSON.stringify(instance(n));
    bytes += s.length;
    n += 1;
    await write(s);
  }
  await write('\n]}\n');
  out.end();
  await once(out, 'finish');
  return n;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [out, mb = '100'] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node web/test/large-plan.mjs OUT.json [MEGABYTES]');
    process.exit(2);
  }
  const n = await writeLargePlan(out, Number(mb) * 1024 * 1024);
  console.log(`${out}: ${n} aws_instance resource changes`);
}
